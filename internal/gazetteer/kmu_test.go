package gazetteer

import "testing"

// The examples of the resolution's table, and names of the five regions.
func TestKMU(t *testing.T) {
	for in, want := range map[string]string{
		"Алушта": "Alushta", "Борщагівка": "Borshchahivka", "Вінниця": "Vinnytsia", "Гадяч": "Hadiach",
		"Згорани": "Zghorany", "Ґалаґан": "Galagan", "Дон": "Don", "Рівне": "Rivne", "Єнакієве": "Yenakiieve",
		"Житомир": "Zhytomyr", "Закарпаття": "Zakarpattia", "Медвин": "Medvyn", "Іршава": "Irshava",
		"Їжакевич": "Yizhakevych", "Кадіївка": "Kadiivka", "Йосипівка": "Yosypivka", "Стрий": "Stryi",
		"Олексій": "Oleksii", "Біла Церква": "Bila Tserkva", "Юрій": "Yurii", "Крюківка": "Kriukivka",
		"Яготин": "Yahotyn", "Ічня": "Ichnia", "Слов'яносербськ": "Slovianoserbsk", "Знам’янка": "Znamianka",
		"Нова Каховка": "Nova Kakhovka", "Щастя": "Shchastia", "Овідіо́поль": "Ovidiopol", "Новоолексіївка": "Novooleksiivka",
	} {
		got, ok := KMU(in)
		if !ok || got != want {
			t.Errorf("KMU(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"Красный", "Donetsk", "Эрмитаж"} {
		if got, ok := KMU(bad); ok {
			t.Errorf("KMU(%q) = %q; want a refusal", bad, got)
		}
	}
}

func TestUkrainian(t *testing.T) {
	for _, tc := range []struct {
		latin string
		names []string
		want  string
	}{
		{"Kadiyevka", []string{"Kadiivka", "Стаханов", "Кадиевка", "Кадіївка"}, "Кадіївка"},
		{"Agrarnoye", []string{"Agrarnoye", "Аграрное", "Аграрне"}, "Аграрне"},
		{"Yasinovataya", []string{"Ясиноватая", "Ясинувата"}, ""}, // not an ending: nothing says which
		{"Slov`yanoserbsk", []string{"Слов'яносербськ"}, "Слов'яносербськ"},
		{"Arshytsya", []string{"Аршица", "Аршиця"}, ""}, // either could be either by letters alone
		{"Agrarnoye", []string{"Аграрне"}, ""},          // one form: nothing says which language it is
		{"Shchelkino", []string{"Щёлкино", "Щолкіне"}, "Щолкіне"},
		// A former name, or a neighbour's, is not the place's name.
		{"Pulyny", []string{"Червоноармійськ", "Пулини"}, ""},
		{"Dobrianka", []string{"Добровеличківка", "Добрянка"}, ""},
		// The closest of two Ukrainian forms.
		{"Mliiv", []string{"Імліїв", "Мгліїв", "Мліїв"}, "Мліїв"},
		{"Bystriivka", []string{"Бистрівка", "Бистріївка", "Быстреевка"}, "Бистріївка"},
		// Э is Russian, but Е is not thereby Ukrainian: Єрки is missing.
		{"Yerky", []string{"Ерки", "Эрки"}, ""},
	} {
		if got, _ := Ukrainian(tc.latin, tc.names); got != tc.want {
			t.Errorf("Ukrainian(%q, %q) = %q, want %q", tc.latin, tc.names, got, tc.want)
		}
	}
}
