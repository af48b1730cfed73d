package authoring

// division is what we know of a first-level division beyond its Natural
// Earth shape. The Natural Earth extract's own codes are partly wrong
// (iso_3166_2 is mostly "UA-", some code_hasc are duplicated), so divisions
// are matched on adm1_code and given their ISO 3166-2 codes here.
type division struct {
	neCode   string // Natural Earth adm1_code
	slug     string
	iso      string
	name     string // English, current Ukrainian national transliteration
	nameUK   string
	kind     string
	claim    string // claimed region slug, or empty
	official float64
	variants []string // Russian transliterations, older spellings, other names
}

// Official areas: State Statistics Service of Ukraine (km², land and inland
// waters within the administrative border); they sum to 603,628 km².
var divisions = []division{
	{"UKR-283", "crimea", "UA-43", "Autonomous Republic of Crimea", "Автономна Республіка Крим", "autonomous republic", "crimea", 26081,
		[]string{"Crimea", "Krym", "Krim", "Respublika Krym", "Republic of Crimea", "Krymskaya Respublika", "Crimean"}},
	{"UKR-5482", "sevastopol", "UA-40", "Sevastopol", "Севастополь", "city with special status", "crimea", 864,
		[]string{"Sebastopol", "Sewastopol", "Sevastopol City"}},
	{"UKR-329", "luhansk", "UA-09", "Luhansk Oblast", "Луганська область", "oblast", "luhansk", 26684,
		[]string{"Luhansk", "Lugansk", "Luhans'k", "Luganskaya oblast", "Voroshilovgrad", "Luhansk People's Republic", "Lugansk People's Republic", "LPR", "LNR"}},
	{"UKR-327", "donetsk", "UA-14", "Donetsk Oblast", "Донецька область", "oblast", "donetsk", 26517,
		[]string{"Donetsk", "Donets'k", "Donetskaya oblast", "Donezk", "Stalino", "Donetsk People's Republic", "DPR", "DNR"}},
	{"UKR-331", "zaporizhzhia", "UA-23", "Zaporizhzhia Oblast", "Запорізька область", "oblast", "zaporizhzhia", 27180,
		[]string{"Zaporizhzhia", "Zaporizhzhya", "Zaporizhia", "Zaporozhye", "Zaporozh'ye", "Zaporozhia", "Zaporozhskaya oblast"}},
	{"UKR-4827", "kherson", "UA-65", "Kherson Oblast", "Херсонська область", "oblast", "kherson", 28461,
		[]string{"Kherson", "Cherson", "Khersonskaya oblast"}},
	{"UKR-328", "kharkiv", "UA-63", "Kharkiv Oblast", "Харківська область", "oblast", "", 31415,
		[]string{"Kharkov", "Khar'kov", "Charkiw"}},
	{"UKR-325", "sumy", "UA-59", "Sumy Oblast", "Сумська область", "oblast", "", 23834,
		[]string{"Sumskaya oblast"}},
	{"UKR-326", "dnipropetrovsk", "UA-12", "Dnipropetrovsk Oblast", "Дніпропетровська область", "oblast", "", 31974,
		[]string{"Dnipropetrovs'k", "Dnepropetrovsk", "Dnipro Oblast"}},
	{"UKR-284", "mykolaiv", "UA-48", "Mykolaiv Oblast", "Миколаївська область", "oblast", "", 24598,
		[]string{"Mykolayiv", "Nikolaev", "Nikolayev"}},
	{"UKR-322", "odesa", "UA-51", "Odesa Oblast", "Одеська область", "oblast", "", 33310,
		[]string{"Odessa", "Odes'ka oblast"}},
	{"UKR-321", "kyiv", "UA-32", "Kyiv Oblast", "Київська область", "oblast", "", 28131,
		[]string{"Kiev Oblast", "Kyyiv"}},
	{"UKR-4826", "kyiv-city", "UA-30", "Kyiv", "Київ", "city with special status", "", 839,
		[]string{"Kiev", "Kyiv City", "Kiev City"}},
	{"UKR-285", "chernihiv", "UA-74", "Chernihiv Oblast", "Чернігівська область", "oblast", "", 31865,
		[]string{"Chernigov"}},
	{"UKR-330", "poltava", "UA-53", "Poltava Oblast", "Полтавська область", "oblast", "", 28748, []string{}},
	{"UKR-319", "cherkasy", "UA-71", "Cherkasy Oblast", "Черкаська область", "oblast", "", 20900,
		[]string{"Cherkassy"}},
	{"UKR-320", "kirovohrad", "UA-35", "Kirovohrad Oblast", "Кіровоградська область", "oblast", "", 24588,
		[]string{"Kirovograd", "Kropyvnytskyi Oblast"}},
	{"UKR-323", "vinnytsia", "UA-05", "Vinnytsia Oblast", "Вінницька область", "oblast", "", 26513,
		[]string{"Vinnytsya", "Vinnitsa"}},
	{"UKR-324", "zhytomyr", "UA-18", "Zhytomyr Oblast", "Житомирська область", "oblast", "", 29832,
		[]string{"Zhitomir"}},
	{"UKR-286", "rivne", "UA-56", "Rivne Oblast", "Рівненська область", "oblast", "", 20047,
		[]string{"Rovno"}},
	{"UKR-318", "volyn", "UA-07", "Volyn Oblast", "Волинська область", "oblast", "", 20144,
		[]string{"Volhynia"}},
	{"UKR-291", "lviv", "UA-46", "Lviv Oblast", "Львівська область", "oblast", "", 21833,
		[]string{"L'viv", "Lvov", "Lwów", "Lemberg"}},
	{"UKR-292", "ternopil", "UA-61", "Ternopil Oblast", "Тернопільська область", "oblast", "", 13823,
		[]string{"Ternopol"}},
	{"UKR-290", "khmelnytskyi", "UA-68", "Khmelnytskyi Oblast", "Хмельницька область", "oblast", "", 20645,
		[]string{"Khmel'nyts'kyy", "Khmelnitsky"}},
	{"UKR-289", "ivano-frankivsk", "UA-26", "Ivano-Frankivsk Oblast", "Івано-Франківська область", "oblast", "", 13928,
		[]string{"Ivano-Frankovsk", "Stanislav"}},
	{"UKR-293", "zakarpattia", "UA-21", "Zakarpattia Oblast", "Закарпатська область", "oblast", "", 12777,
		[]string{"Transcarpathia", "Zakarpattya"}},
	{"UKR-288", "chernivtsi", "UA-77", "Chernivtsi Oblast", "Чернівецька область", "oblast", "", 8097,
		[]string{"Chernovtsy", "Czernowitz"}},
}

// claim is one region of the annexation claim.
type claim struct {
	region, name string
	since        string
	divisions    []string // slugs
}

// claims lists the regions Russia claims. Crimea and Sevastopol were
// declared annexed on 2014-03-18 and form one claimed region here; the four
// oblasts were declared annexed on 2022-09-30.
var claims = []claim{
	{"crimea", "Crimea", "2014-03-18", []string{"crimea", "sevastopol"}},
	{"luhansk", "Luhansk", "2022-09-30", []string{"luhansk"}},
	{"donetsk", "Donetsk", "2022-09-30", []string{"donetsk"}},
	{"zaporizhzhia", "Zaporizhzhia", "2022-09-30", []string{"zaporizhzhia"}},
	{"kherson", "Kherson", "2022-09-30", []string{"kherson"}},
}

const recognition = "Not recognised internationally: UN General Assembly resolutions 68/262 (27 March 2014, Crimea and Sevastopol) and ES-11/4 (12 October 2022, Donetsk, Kherson, Luhansk and Zaporizhzhia) call the annexation claims invalid."
