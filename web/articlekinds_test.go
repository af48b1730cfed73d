package web

import (
	"strings"
	"testing"
)

// TestArticlePassageKinds checks that the article page shows the seed's
// photo caption as a caption and its byline not at all among the passages,
// while every linked passage keeps its anchor.
func TestArticlePassageKinds(t *testing.T) {
	page := body(t, get(t, "/articles/alaska-summit-2025-08-08"))
	if strings.Contains(page, "Written By") {
		t.Error(`the page shows the byline paragraph "Written By …" as a passage`)
	}
	if !strings.Contains(page, `<p class="note passage-caption" id="p1"><span>Photo caption: </span>FILE PHOTO:`) {
		t.Error("the photo caption p1 is not shown as a caption")
	}
	if !strings.Contains(page, `class="passage headline territorial" id="p0"`) {
		t.Error("the headline p0 is not marked as such")
	}
	for _, id := range []string{"p0", "p3", "p5", "p10"} {
		if !strings.Contains(page, `id="`+id+`"`) {
			t.Errorf("passage %s lost its anchor", id)
		}
	}
}
