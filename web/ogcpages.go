package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/claimsmap/claimsmap/internal/atlas"
	"github.com/claimsmap/claimsmap/internal/ogc"
	"github.com/claimsmap/claimsmap/web/view"
)

// HTML pages. They link with paths, not absolute URLs, so one rendering
// serves every origin.

func (o *ogcAPI) renderPage(d ogc.Doc) (*response, error) {
	var b bytes.Buffer
	c, err := o.page(d)
	if err != nil {
		return nil, err
	}
	if err := c.Render(context.Background(), &b); err != nil {
		return nil, fmt.Errorf("rendering %+v: %w", d, err)
	}
	return newResponse(b.Bytes(), htmlType, cachePage), nil
}

// page is the HTML page of d.
func (o *ogcAPI) page(d ogc.Doc) (templ.Component, error) {
	s := o.s
	// Only the landing page and the list of collections show them all.
	all := func() []view.OGCCollection {
		cols := make([]view.OGCCollection, len(o.core.Collections()))
		for i, c := range o.core.Collections() {
			cols[i] = o.collectionView(c)
		}
		return cols
	}
	switch d.Kind {
	case ogc.LandingDoc:
		return view.OGCLandingPage(view.OGCLanding{
			Page: s.pageMeta("/ogc", ogc.Title, ogc.Description), Description: ogc.Description, Collections: all(),
		}), nil
	case ogc.ConformanceDoc:
		return view.OGCConformancePage(view.OGCConformance{
			Page:    s.pageMeta("/ogc/conformance", "Conformance · "+ogc.Title, "The OGC API – Features conformance classes this API implements."),
			Classes: ogc.Conformance(),
		}), nil
	case ogc.APIDoc:
		return view.OGCAPIPage(o.apiView()), nil
	case ogc.CollectionsDoc:
		return view.OGCCollectionsPage(view.OGCCollections{
			Page: s.pageMeta("/ogc/collections", "Collections · "+ogc.Title, "The map's layers as collections of features."), Collections: all(),
		}), nil
	}
	c, err := o.core.Lookup(d.Collection)
	if err != nil {
		return nil, err
	}
	cv := o.collectionView(c)
	switch d.Kind {
	case ogc.CollectionDoc:
		return view.OGCCollectionPage(view.OGCCollectionView{
			Page: s.pageMeta(cv.Href, c.Info.Title+" · "+ogc.Title, c.Info.Description), Collection: cv,
		}), nil
	case ogc.ItemsDoc:
		p, err := c.Page(ogc.DefaultQuery())
		if err != nil {
			return nil, err
		}
		return view.OGCItemsPage(o.itemsView(c, p)), nil
	case ogc.FeatureDoc:
	default:
		return nil, fmt.Errorf("no HTML page for %+v", d)
	}
	f, err := c.Feature(d.Feature)
	if err != nil {
		return nil, err
	}
	p := cv.ItemsHref + "/" + url.PathEscape(f.ID)
	v := view.OGCFeature{
		Page:       s.pageMeta(p, f.ID+" · "+c.Info.Title+" · "+ogc.Title, ""),
		Collection: cv, ID: f.ID, Where: f.GeomType + " within the box " + ogc.FormatBound(f.Bound) + " (longitude, latitude)",
		Properties: ogcProperties(f.Values), JSONHref: p + "?f=json",
	}
	if f.Bound.Min == f.Bound.Max {
		v.Where = fmt.Sprintf("%s at %g, %g (longitude, latitude)", f.GeomType, f.Bound.Min[0], f.Bound.Min[1])
	}
	if f.Region != "" {
		v.RegionHref = "/regions/" + f.Region
	}
	return view.OGCFeaturePage(v), nil
}

// ogcProperties formats a feature's properties for its page, by name.
func ogcProperties(m map[string]any) []view.OGCProperty {
	out := make([]view.OGCProperty, 0, len(m))
	for k, v := range m {
		out = append(out, view.OGCProperty{Name: k, Value: ogcDisplayValue(v)})
	}
	slices.SortFunc(out, func(a, b view.OGCProperty) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// ogcDisplayValue writes a property as a table shows it: arrays joined
// with commas, numbers as JSON writes them.
func ogcDisplayValue(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = ogcDisplayValue(e)
		}
		return strings.Join(parts, ", ")
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func (o *ogcAPI) collectionView(c *ogc.Collection) view.OGCCollection {
	p := "/ogc" + ogc.CollectionPath(c.Info.Name)
	v := view.OGCCollection{
		ID: c.Info.Name, Title: c.Info.Title, Description: c.Info.Description,
		Href: p, JSONHref: p + "?f=json", ItemsHref: p + "/items", ItemsJSONHref: p + "/items?f=json",
		DownloadHref: "/layers/" + c.Info.Name + ".geojson", Geometry: c.Info.Geometry,
		BBox: ogc.FormatBound(c.Bound), Count: len(c.Latest()), Dates: len(c.Dates()),
	}
	if c.Info.Dated {
		v.Interval = atlas.FormatDate(c.First)
		if c.Last != c.First {
			v.Interval += " to " + atlas.FormatDate(c.Last)
		}
	}
	return v
}

func (o *ogcAPI) itemsView(c *ogc.Collection, p ogc.Page) view.OGCItems {
	cv := o.collectionView(c)
	path := cv.ItemsHref
	q := p.Query
	link := func(offset int) string {
		v := q.Values(offset)
		if len(v) == 0 {
			return path
		}
		return path + "?" + v.Encode()
	}
	asJSON := q.Values(q.Offset)
	asJSON.Set("f", "json")
	v := view.OGCItems{
		Page:       o.s.pageMeta(path, "Features of "+c.Info.Title+" · "+ogc.Title, c.Info.Description),
		Collection: cv, Summary: p.Summary(), JSONHref: path + "?" + asJSON.Encode(),
		Map: o.itemsMap(c, p.Features),
	}
	if n, ok := p.Next(); ok {
		v.Next = link(n)
	}
	if n, ok := p.Prev(); ok {
		v.Prev = link(n)
	}
	cols := map[string]bool{}
	for _, f := range p.Features {
		for k := range f.Values {
			if q.Shows(k) {
				cols[k] = true
			}
		}
	}
	for k := range cols {
		v.Columns = append(v.Columns, k)
	}
	slices.Sort(v.Columns)
	for _, f := range p.Features {
		row := view.OGCItemRow{ID: f.ID, Href: path + "/" + url.PathEscape(f.ID), Values: make([]string, len(v.Columns))}
		for i, k := range v.Columns {
			if val, ok := f.Values[k]; ok {
				row.Values[i] = ogcDisplayValue(val)
			}
		}
		v.Rows = append(v.Rows, row)
	}
	return v
}

func (o *ogcAPI) apiView() view.OGCAPI {
	params := o.core.Params()
	v := view.OGCAPI{Page: o.s.pageMeta("/ogc/api", "API definition · "+ogc.Title, "The operations of the claimsmap data API and their parameters.")}
	for _, op := range ogc.Operations() {
		ov := view.OGCOperation{Path: strings.TrimSuffix("/ogc"+op.Path, "/"), Summary: op.Summary}
		for _, p := range op.Params {
			ov.Params = append(ov.Params, view.OGCParam{Name: p, In: params[p].In, Description: params[p].Description})
		}
		v.Operations = append(v.Operations, ov)
	}
	return v
}
