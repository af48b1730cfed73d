package linker

import (
	"testing"

	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

// TestNamesInScriptsAndCases covers Cyrillic forms, lower case and capitals,
// and the Dnipro that is not the city.
func TestNamesInScriptsAndCases(t *testing.T) {
	l := newDefault(t)
	for _, tc := range []struct{ name, text, want string }{
		// Cyrillic, declined: the bare city name is the city.
		{"uk city", "Обстріл Херсона і Донецька", "Херсона=settlement:kherson/kherson Донецька=settlement:donetsk/donetsk"},
		{"uk locative", "у Херсоні та в Маріуполі", "Херсоні=settlement:kherson/kherson Маріуполі=settlement:donetsk/mariupol"},
		{"ru city", "в Донецке и Луганске", "Донецке=settlement:donetsk/donetsk Луганске=settlement:luhansk/luhansk"},
		{"uk region adjective", "Херсонської області", "Херсонської області=variant:kherson"},
		{"ru region adjective", "в Запорожской области", "Запорожской области=variant:zaporizhzhia"},
		{"short oblast", "Донецька обл.", "Донецька обл.=variant:donetsk"},
		{"adjective alone is not the region", "донецький вугілля", ""},
		{"shchyna", "на Луганщині", "Луганщині=variant:luhansk"},
		{"Crimea uk", "окупація Криму", "Криму=variant:crimea"},
		{"Crimea ru", "в Крыму", "Крыму=variant:crimea"},
		{"Zaporizhzhia uk", "Запоріжжя", "Запоріжжя=settlement:zaporizhzhia/zaporizhzhia"},
		{"Zaporizhzhia ru", "Запорожье", "Запорожье=settlement:zaporizhzhia/zaporizhzhia"},
		{"DNR", "так звана ДНР", "ДНР=variant:donetsk"},
		{"people's republic ru", "Луганская Народная Республика", "Луганская Народная Республика=variant:luhansk"},
		{"people's republic uk", "Донецької народної республіки", "Донецької народної республіки=variant:donetsk"},
		{"a people's adjective alone", "Запорожская народная песня", ""},
		{"Donbas uk", "на Донбасі", "Донбасі=grouping:donetsk+donetsk+luhansk"},
		{"apostrophe", "Слов’янськ", "Слов’янськ=settlement:donetsk/sloviansk"},
		{"all caps Cyrillic", "ХЕРСОН", "ХЕРСОН=settlement:kherson/kherson"},
		{"not a longer word", "Херсонеський заповідник, Кримінальний кодекс", ""},
		{"Dnipro in Cyrillic is not linked", "на лівому березі Дніпра", ""},
		{"uk small town declined", "у Токмаку і Скадовську", "Токмаку=settlement:zaporizhzhia/tokmak Скадовську=settlement:kherson/skadovsk"},
		{"genitive plural", "евакуація з Олешок", "Олешок=settlement:kherson/oleshky"},
		{"ru small town", "под Васильевкой", "Васильевкой=settlement:zaporizhzhia/vasylivka"},
		{"vowel change", "Оріхів і біля Оріхова", "Оріхів=settlement:zaporizhzhia/orikhiv Оріхова=settlement:zaporizhzhia/orikhiv"},
		{"Nova Kakhovka is not Kakhovka", "Нова Каховка, Каховка", "Нова Каховка=settlement:kherson/nova-kakhovka Каховка=settlement:kherson/kakhovka"},
		{"Nova Kakhovka declined", "у Новій Каховці, з Новой Каховки", "Новій Каховці=settlement:kherson/nova-kakhovka Новой Каховки=settlement:kherson/nova-kakhovka"},
		{"Crimean towns", "Євпаторії, Феодосия", "Євпаторії=settlement:crimea/yevpatoriia Феодосия=settlement:crimea/feodosiia"},
		{"a town that is a word, capitalised", "бої за Щастя", "Щастя=settlement:luhansk/shchastia"},
		{"the word, lowercase", "бажаю щастя", ""},

		// Lower case and capitals.
		{"slogan", "hands off crimea!", "crimea=region:crimea"},
		{"lowercase city", "they said donetsk was next", "donetsk=region:donetsk"},
		{"lowercase variant", "in lugansk and zaporozhye", "lugansk=variant:luhansk zaporozhye=variant:zaporizhzhia"},
		{"lowercase city cue", "the city of kherson", "kherson=settlement:kherson/kherson"},
		{"lowercase large city", "from mariupol to kramatorsk", "mariupol=settlement:donetsk/mariupol kramatorsk=settlement:donetsk/kramatorsk"},
		{"lowercase small town stays out", "near avdiivka and pokrovsk", ""},
		{"lowercase abbreviation is a word", "dpr and lnr", ""},
		{"lowercase river", "the dnipro and dnipro", ""},
		{"lowercase ordinary word", "a bar in the union", ""},
		{"all caps", "KHERSON AND CRIMEA", "KHERSON=region:kherson CRIMEA=region:crimea"},
		{"all caps settlement", "BAKHMUT FALLS", "BAKHMUT=settlement:donetsk/bakhmut"},
		{"all caps long name", "DONETSK PEOPLE'S REPUBLIC", "DONETSK PEOPLE'S REPUBLIC=variant:donetsk"},

		// The Dnipro river and formations named after it.
		{"Dnipro river", "across the Dnipro river", ""},
		{"across Dnipro", "troops crossed Dnipro at night", ""},
		{"bank of", "the left bank of Dnipro", ""},
		{"Dnipro's bank", "Dnipro's left bank", ""},
		{"group of forces", "Russia's Dnipro Group of Forces said", ""},
		{"Dnepr group", "the Dnepr grouping of troops", ""},
		{"the city still", "a missile hit Dnipro on Monday", "Dnipro=settlement:dnipropetrovsk/dnipro"},
		{"city of Dnipro", "in the city of Dnipro", "Dnipro=settlement:dnipropetrovsk/dnipro"},
		{"battalion", "fighters of Dnipro battalion", ""},
		{"Dnipro-1", "Dnipro-1 regiment", ""},
		{"brigade, capitalised", "a Dnipro Brigade unit", ""},
		{"power station", "Dnipro hydroelectric station and Dnipro HPP", ""},
		{"all caps river", "ACROSS THE DNIPRO RIVER", ""},
		{"all caps city", "DNIPRO WAS HIT", "DNIPRO=settlement:dnipropetrovsk/dnipro"},
		{"lowercase region in a quote", "\"crimea is ukraine,\" they chanted", "crimea=region:crimea"},
		{"lowercase town that is a word", "happiness, shchastia", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := short(l.Mentions(tc.text)); got != tc.want {
				t.Errorf("Mentions(%q)\n got %s\nwant %s", tc.text, got, tc.want)
			}
		})
	}
}

// TestLargerGazetteer links with a gazetteer grown as the GeoNames import
// grows it: Cyrillic alternate names and villages whose names are words.
// The gazetteer's own names win, declined forms still link, and lowercase
// village names stay out.
func TestLargerGazetteer(t *testing.T) {
	base := newDefault(t).g
	settlements := base.Settlements()
	for i := range settlements {
		if settlements[i].ID == "kherson" {
			settlements[i].Variants = append(settlements[i].Variants, "Херсон")
		}
	}
	settlements = append(settlements,
		gazetteer.Settlement{ID: "mayak", Name: "Mayak", Oblast: "donetsk", Lon: 37.9, Lat: 48.1, Variants: []string{"Маяк"}},
		gazetteer.Settlement{ID: "peremoha", Name: "Peremoha", Oblast: "kherson", Lon: 33.1, Lat: 46.6, Variants: []string{"Victory"}},
	)
	g, err := gazetteer.New(base.Names(), settlements, gazetteer.DefaultClaimed())
	if err != nil {
		t.Fatal(err)
	}
	l := New(g)
	for _, tc := range []struct{ text, want string }{
		{"Херсон і Херсоні", "Херсон=settlement:kherson/kherson Херсоні=settlement:kherson/kherson"},
		{"біля Маяк", "Маяк=settlement:donetsk/mayak"},
		{"Mayak and mayak", "Mayak=settlement:donetsk/mayak"},
		{"a victory for Victory", "Victory=settlement:kherson/peremoha"},
		{"kherson", "kherson=region:kherson"},
	} {
		if got := short(l.Mentions(tc.text)); got != tc.want {
			t.Errorf("Mentions(%q)\n got %s\nwant %s", tc.text, got, tc.want)
		}
	}
}
