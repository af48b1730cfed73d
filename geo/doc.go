// Package geo holds the geometry and cartography claimsmap needs on top of
// github.com/paulmach/orb: polygon overlay, geodesic area, the map projection,
// topology-preserving simplification and SVG path output.
//
// It knows nothing of HTTP, articles or the dataset format; callers hand it
// orb geometries and get orb geometries or plain values back.
package geo
