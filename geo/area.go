package geo

import (
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// MeanEarthRadius is the IUGG mean radius of the Earth in metres, the sphere
// on which Area measures.
const MeanEarthRadius = 6371008.8

// Area returns the area of g in square kilometres on the sphere of radius
// MeanEarthRadius, treating coordinates as WGS84 longitude and latitude.
//
// orb measures on a sphere of the equatorial radius; area scales with the
// square of the radius, so the result is rescaled to the mean radius, which
// halves the error against the WGS84 ellipsoid at Ukraine's latitudes.
func Area(g orb.Geometry) float64 {
	k := MeanEarthRadius / orb.EarthRadius
	return orbgeo.Area(g) * k * k / 1e6
}
