package render

import (
	"testing"
	"time"

	"github.com/tdewolff/canvas"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/cartography"
	"github.com/claimsmap/claimsmap/internal/dataset"
	"github.com/claimsmap/claimsmap/internal/defaultdata"
)

func TestProbe(t *testing.T) {
	d, _ := dataset.Load(defaultdata.FS())
	a, _ := atlas.New(d)
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		for _, b := range [][]byte{goregular.TTF, gobold.TTF, goitalic.TTF} {
			if _, err := canvas.LoadFont(b, 0, canvas.FontRegular); err != nil {
				t.Fatal(err)
			}
		}
		t1 := time.Now()
		m, err := cartography.Build(a, cartography.Options{Width: 1200, Height: 700, Date: a.Snapshot})
		if err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		_, err = cartography.Build(a, cartography.Options{Width: 1200, Height: 700, Date: a.Snapshot, Region: "donetsk"})
		t3 := time.Now()
		_, err = cartography.Build(a, cartography.Options{Width: 200, Height: 140, Date: a.Snapshot})
		t4 := time.Now()
		n := 0
		for _, x := range m.Divisions {
			n += len(x.D)
		}
		for _, x := range m.Countries {
			n += len(x.D)
		}
		t.Logf("fonts %v build whole %v region %v inset %v; path bytes %d", t1.Sub(t0), t2.Sub(t1), t3.Sub(t2), t4.Sub(t3), n)
	}
}
