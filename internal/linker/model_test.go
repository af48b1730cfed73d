package linker

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

var train = flag.Bool("train", false, "retrain the territorial model and rewrite model.json")

// trainingSets are the labelled passages the model learns from.
var trainingSets = []string{
	"testdata/territorial-dev/passages.tsv",
	"testdata/territorial-dev/check.tsv",
	"testdata/territorial/dev.tsv",
	"testdata/territorial-dev/paragraphs.tsv",
	"testdata/territorial-dev/third.tsv",
	"testdata/territorial-dev/fifth.tsv",
	"testdata/territorial-dev/news.tsv",
	"testdata/territorial-dev/elsewhere.tsv",
	"testdata/territorial-dev/analysis.tsv",
	"testdata/territorial-dev/retired.tsv",
	"testdata/territorial-dev/retired4.tsv",
	"testdata/territorial-dev/retired6.tsv",
	"testdata/territorial-dev/retired7.tsv",
	"testdata/territorial-dev/retired8.tsv",
	"testdata/territorial-dev/retired9.tsv",
	"testdata/territorial-dev/retired10.tsv",
	"testdata/territorial-dev/retired16.tsv",
	"testdata/territorial-dev/retired17.tsv",
	"testdata/territorial-dev/articles-d.tsv",
	"testdata/territorial-dev/articles-e.tsv",
}

type example struct {
	fs    []string
	dense []float64 // the mean vector
	want  bool
	text  string
}

func examples(t *testing.T, l *Linker, vs vectors, files ...string) []example {
	var out []example
	for _, f := range files {
		for _, p := range readLabelled(t, f) {
			out = append(out, newExample(l, vs, p))
		}
	}
	return out
}

func newExample(l *Linker, vs vectors, p labelled) example {
	ts := content(l.lowercase(p.text))
	return example{features(ts), vs.mean(ts), p.want, p.text}
}

// fit trains an L2-regularised logistic regression by full-batch gradient
// descent from zero weights: deterministic, since features are visited in
// sorted order and examples in file order. The weights of the mean vector
// are folded into a score per word of vs.
func fit(ex []example, vs vectors, epochs int) *model {
	var vocab []string
	seen := map[string]bool{}
	for _, e := range ex {
		for _, f := range e.fs {
			if !seen[f] {
				seen[f] = true
				vocab = append(vocab, f)
			}
		}
	}
	slices.Sort(vocab)
	index := map[string]int{}
	for i, f := range vocab {
		index[f] = i
	}
	w := make([]float64, len(vocab))
	dw := make([]float64, vectorDims)
	var bias float64
	const rate = 0.5
	n := float64(len(ex))
	grad := make([]float64, len(vocab))
	dgrad := make([]float64, vectorDims)
	for range epochs {
		clear(grad)
		clear(dgrad)
		var gb float64
		for _, e := range ex {
			z := bias
			for _, f := range e.fs {
				z += w[index[f]]
			}
			for k, x := range e.dense {
				z += dw[k] * x
			}
			p := 1 / (1 + math.Exp(-z))
			y := 0.0
			if e.want {
				y = 1
			}
			d := p - y
			gb += d
			for _, f := range e.fs {
				grad[index[f]] += d
			}
			for k, x := range e.dense {
				dgrad[k] += d * x
			}
		}
		bias -= rate * gb / n
		for i := range w {
			w[i] -= rate * (grad[i]/n + modelLambda*w[i])
		}
		for k := range dw {
			dw[k] -= rate * (dgrad[k]/n + vectorLambda*dw[k])
		}
	}
	m := &model{Bias: round6(bias), Weights: map[string]float64{}, Embedding: map[string]float64{}, Threshold: modelThreshold, RuleFloor: modelRuleFloor, RuleFloorWords: modelRuleFloorWords}
	for i, f := range vocab {
		if v := round6(w[i]); math.Abs(v) >= modelPrune {
			m.Weights[f] = v
		}
	}
	for word, v := range vs {
		var s float64
		for k := range v {
			s += dw[k] * v[k]
		}
		m.Embedding[word] = round6(s / meanScale)
	}
	return m
}

// content is contentOf for a lowercased passage.
func content(lower string) []token { return contentOf(tokens(lower)) }

// probability is probabilityOf for a lowercased passage.
func (m *model) probability(lower string) float64 {
	return m.probabilityOf(content(lower))
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

const (
	// modelThreshold is the probability above which the model calls a
	// passage territorial, chosen (at 8426756, and re-checked after each
	// later change of rules or sets) on the development sets cut from
	// articles (then retired, retired4, retired6, retired7, articles-d,
	// articles-e), each scored, rules or model, by a model trained without
	// it: the threshold whose scores stand furthest above the floors of
	// issue 12 (precision 0.90, recall 0.85) at their nearer one. At 0.45:
	// 0.907 / 0.938; 0.50: 0.920 / 0.917; 0.55: 0.933 / 0.907; 0.60: 0.934
	// / 0.872. (Before word vectors, 0.35 was tried and rejected: it
	// flagged 7 of the 97 negatives of passages.tsv.)
	modelThreshold = 0.55
	// modelRuleFloor: below it the model overrules a rule, in a passage of
	// at least modelRuleFloorWords content words (in shorter ones the model
	// has too little to go on). Chosen on the five retired sets heldout6
	// to heldout10, each scored with the rules of its first look (before
	// the fixes it prompted) and a model trained without it, and on the
	// article-derived sets left out in turn with today's rules (fitted to
	// them). Precision / recall:
	//   no floor:            0.873 / 0.868 and 0.937 / 0.893
	//   0.35 at any length:  0.924 / 0.863 and 0.951 / 0.873
	//   0.35 from 20 words:  0.919 / 0.868 and 0.947 / 0.888
	//   0.30 from 20 words:  0.898 / 0.868 and 0.945 / 0.893
	//   0.45 from 20 words:  0.923 / 0.852 and 0.951 / 0.876
	// 0.35 from 20 words stands furthest above the floors on the first,
	// which is what a floor for rules is for: on the second, where the
	// rules are fitted, 0.30 stands a little further (0.043 against 0.038).
	modelRuleFloor      = 0.35
	modelRuleFloorWords = 20
	modelLambda         = 0.01
	modelEpochs         = 400
	modelPrune          = 0.02 // weights smaller than this are left out of model.json
	// vectorLambda regularises the vector weights: less than the sparse
	// ones, as there are only 100 and each speaks for many words. Scores
	// left out in turn on the four article-derived development sets, rules
	// or model: before the vectors, precision 0.930 and recall 0.900; with
	// them at 0.01, 0.930 / 0.909; at 0.001, 0.931 / 0.923; with meanPrior
	// 2 as well, 0.935 / 0.918 (4: 0.935 / 0.909).
	vectorLambda = 0.001
)

// TestModelCrossValidation reports the model's ten-fold cross-validated
// precision and recall on the training passages, alone and with the rules.
func TestModelCrossValidation(t *testing.T) {
	l := newDefault(t)
	vs := loadVectors(t)
	var ex []example
	var rules []bool
	var words []int
	for _, f := range trainingSets {
		for _, p := range readLabelled(t, f) {
			ex = append(ex, newExample(l, vs, p))
			rules = append(rules, l.rulesWhy(l.lowercase(p.text)) != "")
			words = append(words, len(content(l.lowercase(p.text))))
		}
	}
	const k = 10
	var mc, hc counts
	probs := make([]float64, len(ex))
	for fold := range k {
		var tr []example
		for i, e := range ex {
			if i%k != fold {
				tr = append(tr, e)
			}
		}
		m := fit(tr, vs, modelEpochs)
		for i, e := range ex {
			if i%k != fold {
				continue
			}
			probs[i] = m.probability(l.lowercase(e.text))
			got := probs[i] >= m.Threshold
			add(&mc, got, e.want)
			add(&hc, got || rules[i] && m.ruleStands(probs[i], words[i]), e.want)
		}
	}
	for _, th := range []float64{0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7} {
		var c counts
		for i, e := range ex {
			add(&c, probs[i] >= th, e.want)
		}
		p, r := c.precision(), c.recall()
		t.Logf("threshold %.2f: model alone precision %.3f recall %.3f F1 %.3f", th, p, r, 2*p*r/(p+r))
	}
	t.Logf("model alone, %d-fold: precision %.3f (%d/%d), recall %.3f (%d/%d)", k, mc.precision(), mc.tp, mc.tp+mc.fp, mc.recall(), mc.tp, mc.tp+mc.fn)
	t.Logf("rules or model, %d-fold: precision %.3f (%d/%d), recall %.3f (%d/%d)", k, hc.precision(), hc.tp, hc.tp+hc.fp, hc.recall(), hc.tp, hc.tp+hc.fn)
}

func add(c *counts, got, want bool) {
	switch {
	case got && want:
		c.tp++
	case got && !want:
		c.fp++
	case !got && want:
		c.fn++
	}
}

// TestModelLeaveOneSetOut scores rules, model and both on each labelled
// set with a model trained on the others: closer to text by another hand
// than ten-fold cross-validation, whose folds share each set's minimal
// pairs. The first scores of third.tsv, before it was used to write rules:
// rules 1.000/0.545, model 0.933/0.636, both 0.941/0.727 (precision/recall);
// the rules have since been fitted to it, as to the older sets.
func TestModelLeaveOneSetOut(t *testing.T) {
	l := newDefault(t)
	vs := loadVectors(t)
	var all counts
	for _, out := range trainingSets {
		var without []string
		for _, f := range trainingSets {
			if f != out {
				without = append(without, f)
			}
		}
		m := fit(examples(t, l, vs, without...), vs, modelEpochs)
		var rc, mc, hc counts
		for _, p := range readLabelled(t, out) {
			lower := l.lowercase(p.text)
			pm := m.probability(lower)
			r := l.rulesWhy(lower) != "" && m.ruleStands(pm, len(content(lower)))
			add(&rc, r, p.want)
			add(&mc, pm >= m.Threshold, p.want)
			add(&hc, r || pm >= m.Threshold, p.want)
			add(&all, r || pm >= m.Threshold, p.want)
			if testing.Verbose() && (r || pm >= m.Threshold) != p.want {
				t.Logf("%s: want %v rules %v model %.2f: %s", filepath.Base(out), p.want, r, pm, p.text)
			}
		}
		for _, x := range []struct {
			name string
			c    counts
		}{{"rules the model let stand", rc}, {"model", mc}, {"rules or model", hc}} {
			t.Logf("%s, %s: precision %.3f (%d/%d), recall %.3f (%d/%d)", filepath.Base(out), x.name, x.c.precision(), x.c.tp, x.c.tp+x.c.fp, x.c.recall(), x.c.tp, x.c.tp+x.c.fn)
		}
	}
	t.Logf("every set left out in turn, rules or model: precision %.3f (%d/%d), recall %.3f (%d/%d)", all.precision(), all.tp, all.tp+all.fp, all.recall(), all.tp, all.tp+all.fn)
}

// TestTrainModel rewrites model.json with -train; without it, it checks
// that the committed model is what training gives.
func TestTrainModel(t *testing.T) {
	l := newDefault(t)
	vs := loadVectors(t)
	m := fit(examples(t, l, vs, trainingSets...), vs, modelEpochs)
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	if *train {
		if err := os.WriteFile("model.json", b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	old, _ := json.MarshalIndent(territorialModel(), "", " ")
	if string(append(old, '\n')) != string(b) {
		t.Errorf("model.json is not what training gives; run go test -run TestTrainModel -train (%s)", fmt.Sprint(len(b)))
	}
}
