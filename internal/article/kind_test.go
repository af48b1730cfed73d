package article

import (
	"os"
	"testing"
)

func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		index       int
		text, title string
		want        string
	}{
		{0, "Trump, Putin to Meet in Alaska", "Trump, Putin to Meet in Alaska", KindHeadline},
		{0, "Kyiv rejects handing over land as envoys meet", "", KindHeadline},
		{0, "Kyiv rejected on Tuesday any plan to hand over land.", "", KindBody},
		{0, "trump, putin to meet in alaska", "Trump, Putin to Meet in Alaska!", KindHeadline},
		// add-article keeps the headline in the title: the first paragraph
		// of such a file is text, a dateline or a caption
		{0, "September 14, 2025", "Kyiv rejects handing over land as envoys meet", KindBody},
		{0, "Smoke rises over the port of Berdiansk after a strike on Monday. REUTERS/Stringer", "Kyiv rejects handing over land", KindCaption},
		{0, "FILE PHOTO: Smoke rises over Nova Kakhovka, June 6, 2023. REUTERS/Stringer", "", KindCaption},
		{3, "Kyiv rejects handing over land as envoys meet", "", KindBody},
		{11, "Written By Rodney Mbua", "", KindByline},
		{1, "By Olena Marchenko and Ivan Petrenko", "", KindByline},
		{1, "By Olena Marchenko, Steppe Courier", "", KindByline},
		{1, "BY OLENA MARCHENKO", "", KindByline},
		{4, "By Tuesday the shelling had stopped and residents returned to the market.", "", KindBody},
		{4, "By then, Russia held most of the region.", "", KindBody},
		{1, "By Hanna Ostrowska. Photographs by Dmytro Lysenko. Nikopol, Dnipropetrovsk region.", "", KindByline},
		{1, "By Hanna Ostrowska. She reported from the river for a month.", "", KindBody},
		{4, "By Tuesday. Nobody knew what came next.", "", KindBody},
		{1, "FILE PHOTO: U.S. President Donald Trump and Russia's President Vladimir Putin talk during the family photo session at the APEC Summit in Danang, Vietnam November 11, 2017. REUTERS/Jorge Silva/File Photo/File Photo", "", KindCaption},
		{2, "Residents queue for water in Kherson on Monday. (AP Photo/Evgeniy Maloletka)", "", KindCaption},
		{2, "Envoys meet in Geneva on Tuesday. Photo: Ivan Petrenko/Steppe Courier", "", KindCaption},
		{2, "Photo: Ivan Petrenko/Steppe Courier", "", KindCredit},
		{9, "Reporting by Olena Marchenko; Editing by Ivan Petrenko", "", KindCredit},
		{9, "(Additional reporting by Anna Kovalenko in Kyiv)", "", KindCredit},
		{5, "The photo shows a destroyed bridge, officials said, though Reuters could not verify it.", "", KindBody},
		{5, "Reuters reported that the talks had stalled.", "", KindBody},
	} {
		if got := KindOf(tc.index, tc.text, tc.title); got != tc.want {
			t.Errorf("KindOf(%d, %q) = %s, want %s", tc.index, tc.text, got, tc.want)
		}
	}
}

// TestSeedArticleKinds checks the seed article: its headline, caption and
// byline are told apart and keep their indices.
func TestSeedArticleKinds(t *testing.T) {
	b, err := os.ReadFile("../defaultdata/data/articles/alaska-summit-2025-08-08.txt")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Parse("alaska-summit-2025-08-08.txt", b)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range a.Passages {
		want := KindBody
		switch i {
		case 0:
			want = KindHeadline
		case 1:
			want = KindCaption
		case 11:
			want = KindByline
		}
		if p.Index != i || p.Kind != want {
			t.Errorf("passage %d (index %d): kind %s, want %s: %.60s", i, p.Index, p.Kind, want, p.Text)
		}
	}
}
