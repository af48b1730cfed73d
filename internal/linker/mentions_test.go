package linker

import (
	"fmt"
	"github.com/claimsmap/claimsmap/internal/article"
	"slices"
	"strings"
	"testing"
)

// short writes mentions compactly: text=kind:region[/place].
func short(ms []Mention) string {
	var b []string
	for _, m := range ms {
		s := fmt.Sprintf("%s=%s:%s", m.Text, m.Kind, m.Region)
		if m.Place != "" {
			s += "/" + m.Place
		}
		if len(m.Regions) > 0 {
			s += "+" + strings.Join(m.Regions, "+")
		}
		b = append(b, s)
	}
	return strings.Join(b, " ")
}

func TestMentions(t *testing.T) {
	l := newDefault(t)
	for _, tc := range []struct{ name, text, want string }{
		// Names and variants of the five.
		{"region", "Putin claims Crimea.", "Crimea=region:crimea"},
		{"possessive", "Crimea's future and Donetsk’s mines", "Crimea=region:crimea Donetsk=region:donetsk"},
		{"capitals", "TRUMP SAYS DONETSK IS KEY", "DONETSK=region:donetsk"},
		{"lowercase in addresses", "example.org/crimea-bridge, news.kherson.ua, @donetsk_news, #crimea, www.luhansk", ""},
		{"lowercase alone", "example.org/crimea-bridge and kherson", "kherson=region:kherson"},
		{"Lugansk", "shelling in Lugansk", "Lugansk=variant:luhansk"},
		{"Zaporozhye", "the Zaporozhye plant", "Zaporozhye=variant:zaporizhzhia"},
		{"Krym", "Krym and Krim", "Krym=variant:crimea Krim=variant:crimea"},
		{"soft sign", "Luhans'k and Luhans’k", "Luhans'k=variant:luhansk Luhans’k=variant:luhansk"},
		{"demonym", "Crimeans and Crimean Tatars", "Crimeans=variant:crimea Crimean=variant:crimea"},
		{"longest: republic", "the Donetsk People’s Republic said", "Donetsk People’s Republic=variant:donetsk"},
		{"longest: autonomous", "the Autonomous Republic of Crimea", "Autonomous Republic of Crimea=variant:crimea"},
		{"name across a line break", "the Donetsk\nPeople's Republic", "Donetsk\nPeople's Republic=variant:donetsk"},
		{"oblast any case", "Kherson Oblast, Kherson oblast", "Kherson Oblast=variant:kherson Kherson oblast=variant:kherson"},
		{"abbreviations", "the DPR and LNR", "DPR=variant:donetsk LNR=variant:luhansk"},
		{"not inside a word", "Khersonskaya, Donetskiy, Crimeanish", ""},
		{"hyphenated neighbour", "Kherson-based", "Kherson=region:kherson"},
		{"grouping", "the war in the Donbas", "Donbas=grouping:donetsk+donetsk+luhansk"},
		{"grouping Donbass", "Donbass", "Donbass=grouping:donetsk+donetsk+luhansk"},
		// Other European languages, as a press review quotes them.
		{"French", `Le Monde: "La Crimée n'est pas une monnaie d'échange"`, "Crimée=variant:crimea"},
		{"Spanish", `"Ni Jersón ni Zaporiyia pueden entregarse"`, "Jersón=variant:kherson Zaporiyia=variant:zaporizhzhia"},
		{"German and Polish", "Saporischschja, Zaporoże, Ługańsk, Donieck", "Saporischschja=variant:zaporizhzhia Zaporoże=variant:zaporizhzhia Ługańsk=variant:luhansk Donieck=variant:donetsk"},

		// Settlements.
		{"Bakhmut", "near Bakhmut", "Bakhmut=settlement:donetsk/bakhmut"},
		{"Artemivsk", "at Artemivsk", "Artemivsk=settlement:donetsk/bakhmut"},
		{"Enerhodar", "in Enerhodar and Energodar", "Enerhodar=settlement:zaporizhzhia/enerhodar Energodar=settlement:zaporizhzhia/enerhodar"},
		{"Huliaipole", "Huliaipole and Gulyaipole", "Huliaipole=settlement:zaporizhzhia/huliaipole Gulyaipole=settlement:zaporizhzhia/huliaipole"},
		{"Kupiansk", "towards Kupiansk", "Kupiansk=settlement:kharkiv/kupiansk"},
		{"Kupiansk-Vuzlovyi", "Kupiansk-Vuzlovyi", "Kupiansk-Vuzlovyi=settlement:kharkiv/kupiansk-vuzlovyi"},
		{"Sevastopol division", "the city of Sevastopol", "Sevastopol=settlement:crimea/sevastopol"},
		{"Staryi Krym whole", "in Staryi Krym", "Staryi Krym=settlement:crimea/staryi-krym"},
		{"Mykolaivka is not Mykolaiv", "Mykolaivka", "Mykolaivka=settlement:donetsk/mykolaivka"},

		// City or region.
		{"region by default", "fighting in Kherson", "Kherson=region:kherson"},
		{"city of", "the city of Kherson", "Kherson=settlement:kherson/kherson"},
		{"southern city of", "the southern city of Zaporizhzhia", "Zaporizhzhia=settlement:zaporizhzhia/zaporizhzhia"},
		{"X city", "Kherson city council", "Kherson=settlement:kherson/kherson"},
		{"X City", "Luhansk City", "Luhansk=settlement:luhansk/luhansk"},
		{"cities of X and Y", "the cities of Kherson and Zaporizhzhia", "Kherson=settlement:kherson/kherson Zaporizhzhia=settlement:zaporizhzhia/zaporizhzhia"},
		{"region after a city", "the city of Kherson; Zaporizhzhia", "Kherson=settlement:kherson/kherson Zaporizhzhia=region:zaporizhzhia"},
		{"Kherson region", "the Kherson region", "Kherson region=variant:kherson"},
		{"variant city", "the city of Lugansk", "Lugansk=settlement:luhansk/luhansk"},

		// Names that are not the five.
		{"Dnipro city", "a strike on Dnipro", "Dnipro=settlement:dnipropetrovsk/dnipro"},
		{"the Dnipro", "along the Dnipro", ""},
		{"Dnipro River", "the Dnipro River and Dnipro river", ""},
		{"river Dnipro", "the river Dnipro", ""},
		{"Dnieper", "the Dnieper", ""},
		{"Kharkiv", "Kharkiv", "Kharkiv=settlement:kharkiv/kharkiv"},
		{"Odesa", "Odesa and Odessa", "Odesa=settlement:odesa/odesa Odessa=settlement:odesa/odesa"},
		{"Kyiv", "Kyiv", "Kyiv=settlement:kyiv-city/kyiv"},
		{"Mykolaiv", "Mykolaiv", "Mykolaiv=settlement:mykolaiv/mykolaiv"},
		{"Russia", "Russia, Russian, Russians, Ukraine, Ukrainian", ""},
		{"New York abroad", "the UN in New York", ""},
		{"New York cued", "the town of New York", "New York=settlement:donetsk/niu-york"},
		{"New York cued after", "New York, Donetsk region", "New York=settlement:donetsk/niu-york Donetsk region=variant:donetsk"},
		{"Niu-York", "Niu-York", "Niu-York=settlement:donetsk/niu-york"},
		{"Crimean-Congo", "Crimean-Congo haemorrhagic fever", ""},
		{"Donetsk in Russia", "Donetsk, Rostov region", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := short(l.Mentions(tc.text)); got != tc.want {
				t.Errorf("Mentions(%q)\n got %s\nwant %s", tc.text, got, tc.want)
			}
		})
	}
}

func TestPassageRegions(t *testing.T) {
	l := newDefault(t)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Kherson, Zaporizhzhia, Donetsk, Luhansk and Crimea", []string{"crimea", "luhansk", "donetsk", "zaporizhzhia", "kherson"}},
		{"the Donbas", []string{"luhansk", "donetsk"}},
		{"Kupiansk and Kharkiv", []string{}},
		{"Sevastopol and Bakhmut", []string{"crimea", "donetsk"}},
		{"nothing here", []string{}},
	} {
		t.Run(tc.text, func(t *testing.T) {
			p := l.Passage(3, tc.text)
			if !slices.Equal(p.Regions, tc.want) || p.Regions == nil {
				t.Errorf("Regions = %#v, want %#v", p.Regions, tc.want)
			}
			if p.ID != "p3" || p.Index != 3 || p.Mentions == nil {
				t.Errorf("passage %+v: want ID p3, index 3, non-nil mentions", p)
			}
		})
	}
}

func TestTerritorial(t *testing.T) {
	l := newDefault(t)
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"Trump spoke of a land swap.", true},
		{"talks could involve swapping of territories", true},
		{"Kyiv will not cede land", true},
		{"Ukraine will not give up territory", true},
		{"a dispute over land concessions", true},
		{"Russia's occupation of the south", true},
		{"the occupied territories", true},
		// Occupation as the setting of local news or a battlefield report is
		// not the territorial question (issue 12).
		{"the occupiers shelled the town", false},
		{"in occupied Melitopol, the water came back", false},
		{"occupation authorities said water would return", false},
		{"Russian-held areas", true},
		{"locking in territorial gains", true},
		{"Russia has seized more territory this year", true},
		{"about one-fifth of Ukraine's territory", true},
		{"Russia controls 70% of Donetsk", true},
		{"a freeze in the conflict", true},
		{"freeze the front line", true},
		{"a ceasefire along the current front line", true},
		{"Moscow annexed Crimea in 2014", true},
		{"the four regions Moscow claims as its own", true},
		{"recognise Crimea as Russian", true},
		{"the peace talks will resume on Monday", false},
		{"the deadliest conflict in Europe since 1945", false},
		{"tariffs on its trading partners", false},
		{"a 25% tariff on Indian goods", false},
		{"shelling near the front line", false},
		{"a fifth of Ukraine's grain exports", false},
		// a fraction without "of" is no share (heldout6, heldout7)
		{"She would have to fly via a third country.", false},
		{"a bill imposing tariffs of up to 500 percent on countries that buy Russian oil", false},
		{"Prices for butter have gone up again.", false},
		{"New positions have gone in west of Pavlohrad in Dnipropetrovsk oblast.", false},
		{"Moscow would keep fighting until Ukrainian troops are gone from every part of the provinces.", true},
		{`Is a demilitarised or "free economic" zone in that area off the table?`, true},
		{"a demilitarised buffer along the river, as part of a final settlement", true},
		// heldout8, heldout9
		{"Russian forces keep advancing by a few hundred square kilometres a month.", false},
		{"Prisoner swaps keep happening even though the talks keep failing.", false},
		{"Moscow wants to keep everything it has seized.", true},
		{"Nikopol continues to be shelled from the occupied left bank.", false},
		{"He has been home on leave just once.", false},
		{"It is pressure the Kremlin cannot absorb.", false},
		{"Moscow absorbed the four provinces into Russia.", true},
		{`"I am staying so that someone remembers whose town this is," she says.`, true},
		{"Who would staff the monitoring mission, and under whose flag?", false},
		{"Nobody in my platoon wants to hand over ground we are standing on.", true},
		// "ask" and "expect" are too weak to demand land; casualties are
		// not a loss of land
		{"Villagers had asked her whether the bus to the district hospital would run again.", false},
		{"Deposits in the region are expected to be auctioned first.", false},
		{"Moscow is willing to accept heavy losses to gain a few villages.", false},
		{"Kyiv will not accept the loss of its land.", true},
		{"Moscow demands the rest of the region.", true},
		{"Fighting continued near the town, where Russian troops have pressed for months, and in the south.", false},
		{"Moscow pressed for the rest of the region.", true},
		// from a review of the rules above
		{"Claims to the land will not be dropped, the minister said.", true},
		{"The army took part of the land in a week.", true},
		{"The unit surrendered after a ground assault.", false},
		{"Zelensky told the press for the first time that the talks would go on.", false},
		{"Troops have pressed for the past two months toward the river.", false},
		// heldout16, heldout17
		{"Q: Remind us what the territorial sanctions actually cover.", false},
		{"The territorial communities of the region have merged their budgets.", false},
		{"It keeps us in familiar territory, and the best books leave it.", false},
		{"Kyiv will make no territorial concessions.", true},
		// heldout10
		{"In the Kursk region, where Ukrainian troops held a slice of Russian territory, the authorities are rebuilding.", false},
		{"The register has received more than 40,000 claims, from destroyed homes to lost businesses.", false},
		{"Some took Russian passports to keep their pensions.", false},
		{"Whose flag? The athletes who are made to choose", false},
		{"The talks may decide whether her town is ever part of Ukraine again.", true},
		{"Rockets fell in the southern part of Ukraine overnight.", false},
		// issue 12: paraphrases, demands, new regions, freezes with the noun
		// far from the verb, passives, guarantees tied to borders, past tenses
		{"Kyiv will not hand them over", false},
		{"no one may hand over a single village", true},
		{"signing away the homes of millions", true},
		{"Moscow insists Kyiv pull its troops out of the rest of the east", true},
		{"the regions Moscow calls its new regions", true},
		{"borders that cannot be changed by force", true},
		{"freeze, for now at least and perhaps for years, the conflict", true},
		{"guarantees that stop at the ceasefire line", true},
		{"Kyiv ceded nothing", true},
		{"Moscow formally absorbed the provinces into Russia", true},
		{"volunteers handed out blankets in frontline villages", false},
		{"Russian forces captured a village near the railway", false},
		{"Russia claimed the capture of a village", false},
		{"the annex to the draft lists the prisoners", false},
		{"farmers may now buy and sell agricultural land", false},
		{"Polish farmers blocked a border crossing", false},
		{"frozen Russian assets", false},
		{"Russia has taken 400 square kilometres this month", false},
		{"the annexed city's new school curriculum", false},
		{"the provinces Russia annexed", true},
		{"the landing ship was hit", false},
		// the first held-out set's misses, once it was retired, and the
		// senses three writers' sets showed the rules confused
		{"How much of Ukraine does Russia claim?", true},
		{"Would the south be divided along the Dnipro?", true},
		{"Can a Ukrainian president legally agree to a smaller Ukraine?", true},
		{"Would you accept a ceasefire that simply stops the war where the troops are today?", true},
		{"the ground their friends died on will be bargained off in a hotel", true},
		{`ready to discuss "everything except the shape of our country"`, true},
		{"The shape of the country's economy is grim.", false},
		{`Kyiv "will never give up on" bringing every prisoner home.`, false},
		{"Kyiv will never give up an inch of its land.", true},
		{"Ukraine will not hand over prisoners convicted of war crimes as part of the next exchange.", false},
		{"Freed prisoners of war crossed the border during an exchange in the Chernihiv region.", false},
		{"an exchange of territory", true},
		{"Russian troops inch forward as the ground freezes", false},
		{"a war budget from the frozen reserves of its central bank", false},
		{"traders wager the guns will fall silent where they stand", true},
		{"the negotiator who would not put his name to a new map", true},
		{"Russia's occupation of the south has lasted more than three years.", true},
		{"in the occupied districts, pensions arrive late", false},
		{"The troops' families want to know where the parties stand on pensions.", false},
	} {
		t.Run(tc.text, func(t *testing.T) {
			if got := l.Passage(0, tc.text).Territorial; got != tc.want {
				t.Errorf("Territorial = %v, want %v (why %q)", got, tc.want, l.territorialWhy(l.lowercase(tc.text)))
			}
		})
	}
}

func TestFigures(t *testing.T) {
	l := newDefault(t)
	for _, tc := range []struct {
		text, want string // want: text=kind:value[:region], space-separated
	}{
		{"the loss of about one-fifth of Ukraine’s territory", "about one-fifth of Ukraine’s territory=controlled-share-of-ukraine:0.2"},
		{"Russia holds nearly 20% of Ukraine.", "nearly 20% of Ukraine=controlled-share-of-ukraine:0.2"},
		{"roughly 19 per cent of the country", "roughly 19 per cent of the country=controlled-share-of-ukraine:0.19"},
		{"a fifth of Ukrainian territory", "a fifth of Ukrainian territory=controlled-share-of-ukraine:0.2"},
		{"18% of the territory of Ukraine", "18% of the territory of Ukraine=controlled-share-of-ukraine:0.18"},
		{"two-thirds of Ukraine", "two-thirds of Ukraine=controlled-share-of-ukraine:0.6667"},
		{"99 percent of the Luhansk region", "99 percent of the Luhansk region=controlled-share-of-region:0.99:luhansk"},
		{"about 70% of Donetsk.", "about 70% of Donetsk=controlled-share-of-region:0.7:donetsk"},
		{"about 113,000 square kilometres", "about 113,000 square kilometres=area-km2:113000"},
		{"44,000 sq miles", "44,000 sq miles=area-km2:113959.5"},
		{"a fifth of Ukraine's grain exports", ""},
		{"70% of Donetsk's population", ""},
		{"30% of Bakhmut", ""},
		{"a 25% tariff on Indian goods", ""},
		{"250% of Ukraine", ""},
	} {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, f := range l.Passage(0, tc.text).Figures {
				if tc.text[f.Start:f.End] != f.Text {
					t.Errorf("figure %+v: text is not text[start:end]", f)
				}
				s := fmt.Sprintf("%s=%s:%.4g", f.Text, f.Kind, f.Value)
				if f.Kind == FigureArea || f.Value == 0.2 || f.Value == 0.18 || f.Value == 0.19 || f.Value == 0.99 || f.Value == 0.7 {
					s = fmt.Sprintf("%s=%s:%g", f.Text, f.Kind, round(f.Value))
				}
				if f.Region != "" {
					s += ":" + f.Region
				}
				got = append(got, s)
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("figures\n got %s\nwant %s", g, tc.want)
			}
		})
	}
}

// round keeps one decimal, enough to compare areas and shares.
func round(v float64) float64 {
	if v < 1 {
		return float64(int(v*10000+0.5)) / 10000
	}
	return float64(int(v*10+0.5)) / 10
}

// paragraphs splits a plain-text article as the site does (article.Split),
// for tests that link its passages one by one.
func paragraphs(body string) []string {
	var out []string
	for _, p := range article.Split(body) {
		out = append(out, p.Text)
	}
	return out
}

func TestDniproWaters(t *testing.T) {
	l := newDefault(t)
	for _, text := range []string{
		"Operational Group Dnipro said it repelled an assault.",
		`The "Dnepr" army group was commanded by a general.`,
		"Troops moved along the left-bank Dnipro toward the sea.",
		"Kherson lies on Dnipro.",
		"Troops retreated behind Dnipro and blew the bridges.",
	} {
		for _, m := range l.Mentions(text) {
			if m.Place == "dnipro" {
				t.Errorf("%q: the river or a formation linked as the city", text)
			}
		}
	}
	for _, text := range []string{"Russian strikes on Dnipro killed three.", "In Dnipro, the sirens sounded."} {
		ms := l.Mentions(text)
		if len(ms) != 1 || ms[0].Place != "dnipro" {
			t.Errorf("%q: mentions %+v, want the city", text, ms)
		}
	}
	ms := l.Mentions("Ships sailed up the Dnipro-Buh estuary past the Dnipro delta. Dnipro city was shelled.")
	if len(ms) != 1 || ms[0].Place != "dnipro" || ms[0].Start != 62 {
		t.Errorf("mentions = %+v, want only the city", ms)
	}
}
