package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/project"
)

// Albers is an Albers equal-area conic projection on the sphere of radius
// MeanEarthRadius. Projected coordinates are kilometres east and north of the
// projection's origin.
type Albers struct {
	lon0, n, c, rho0 float64
}

// NewAlbers returns the Albers projection with central meridian lon0, origin
// latitude lat0 and standard parallels lat1 and lat2, all in degrees.
func NewAlbers(lon0, lat0, lat1, lat2 float64) Albers {
	p0, p1, p2 := rad(lat0), rad(lat1), rad(lat2)
	n := (math.Sin(p1) + math.Sin(p2)) / 2
	c := math.Cos(p1)*math.Cos(p1) + 2*n*math.Sin(p1)
	return Albers{
		lon0: lon0,
		n:    n,
		c:    c,
		rho0: radiusKm * math.Sqrt(c-2*n*math.Sin(p0)) / n,
	}
}

// Params returns the projection's constants: the central meridian, the
// cone constant n, C, rho0 (see Snyder, Map Projections, p. 100) and the
// sphere's radius in kilometres, for a client that inverts it.
func (a Albers) Params() (lon0, n, c, rho0, radius float64) {
	return a.lon0, a.n, a.c, a.rho0, radiusKm
}

// UkraineAlbers is the projection every claimsmap map uses: Albers equal-area
// conic centred on 31.5°E 48.5°N with standard parallels 45.7°N and 51.0°N,
// a sixth of Ukraine's latitude span (44.4°N–52.4°N) in from each edge.
//
// An equal-area projection is chosen because the map exists to compare
// areas: a reader's eye judges the share of a region that is held, and a
// conformal projection would inflate the north against the south. With the
// standard parallels inside the country, scale error stays under 1%.
func UkraineAlbers() Albers {
	return NewAlbers(31.5, 48.5, 45.7, 51.0)
}

const radiusKm = MeanEarthRadius / 1000

// Project maps a longitude/latitude point to kilometres.
func (a Albers) Project(p orb.Point) orb.Point {
	rho := radiusKm * math.Sqrt(a.c-2*a.n*math.Sin(rad(p[1]))) / a.n
	theta := a.n * rad(p[0]-a.lon0)
	return orb.Point{rho * math.Sin(theta), a.rho0 - rho*math.Cos(theta)}
}

// Inverse maps projected kilometres back to longitude/latitude.
func (a Albers) Inverse(p orb.Point) orb.Point {
	x, y := p[0], a.rho0-p[1]
	rho := math.Hypot(x, y)
	if a.n < 0 {
		rho, x, y = -rho, -x, -y
	}
	theta := math.Atan2(x, y)
	q := rho * a.n / radiusKm
	s := (a.c - q*q) / (2 * a.n)
	s = math.Max(-1, math.Min(1, s))
	return orb.Point{a.lon0 + deg(theta/a.n), deg(math.Asin(s))}
}

// ProjectGeometry returns a projected copy of g; g is left untouched.
func (a Albers) ProjectGeometry(g orb.Geometry) orb.Geometry {
	return project.Geometry(orb.Clone(g), a.Project)
}

// ProjectMulti is ProjectGeometry for a multipolygon.
func (a Albers) ProjectMulti(mp orb.MultiPolygon) orb.MultiPolygon {
	if mp == nil {
		return nil
	}
	return project.MultiPolygon(mp.Clone(), a.Project)
}

func rad(d float64) float64 { return d * math.Pi / 180 }
func deg(r float64) float64 { return r * 180 / math.Pi }

// InverseMulti is the inverse of ProjectMulti.
func (a Albers) InverseMulti(mp orb.MultiPolygon) orb.MultiPolygon {
	if mp == nil {
		return nil
	}
	return project.MultiPolygon(mp.Clone(), a.Inverse)
}

// SimplifyLonLat simplifies longitude/latitude polygons together with
// SimplifyShared at a tolerance in metres, measured in the Ukraine Albers
// projection, so that borders shared between them stay shared.
func SimplifyLonLat(polys []orb.MultiPolygon, metres float64) []orb.MultiPolygon {
	p := UkraineAlbers()
	projected := make([]orb.MultiPolygon, len(polys))
	for i, mp := range polys {
		projected[i] = p.ProjectMulti(mp)
	}
	out := SimplifyShared(projected, metres/1000)
	for i, mp := range out {
		out[i] = p.InverseMulti(mp)
	}
	return out
}
