package geo_test

import (
	"fmt"

	"github.com/paulmach/orb"

	"github.com/claimsmap/claimsmap/geo"
)

func ExampleArea() {
	// Roughly the Kinburn Spit's bounding box.
	box := orb.Polygon{{{31.5, 46.5}, {31.7, 46.5}, {31.7, 46.6}, {31.5, 46.6}, {31.5, 46.5}}}
	fmt.Printf("%.0f km²\n", geo.Area(box))
	// Output: 170 km²
}

func ExampleAlbers_Project() {
	p := geo.UkraineAlbers()
	kyiv := p.Project(orb.Point{30.5234, 50.4501})
	fmt.Printf("%.0f km east, %.0f km north of the origin\n", kyiv[0], kyiv[1])
	// Output: -69 km east, 217 km north of the origin
}
