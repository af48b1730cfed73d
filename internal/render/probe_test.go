package render

import (
	"testing"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

func TestProbe(t *testing.T) {
	d, _ := dataset.Load(defaultdata.FS())
	a, _ := atlas.New(d)
	st, _ := a.Stats(a.Snapshot)
	t.Logf("%+v", st.Total)
	t.Logf("all %v outside %v", st.AllControlledShare, st.OutsideControlledKm)
	f, _ := st.Region("donetsk")
	t.Logf("%+v", f)
	t.Log(a.Dates, a.Snapshot)
}
