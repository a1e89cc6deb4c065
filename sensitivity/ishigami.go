package sensitivity

import "math"

// Ishigami returns the Ishigami and Homma (1990) test function
//
//	f(x) = sin(x1) + a sin²(x2) + b x3⁴ sin(x1),
//
// whose inputs are usually taken independent and uniform on [-π, π]. It is the
// standard benchmark for Sobol index estimators: strongly non-linear,
// non-monotonic, with an interaction between x1 and x3 and none involving x2.
// The customary parameters are a = 7 and b = 0.1.
//
// It panics if len(x) != 3.
func Ishigami(x []float64, a, b float64) float64 {
	if len(x) != 3 {
		panic("sensitivity: Ishigami needs 3 inputs")
	}
	s1 := math.Sin(x[0])
	s2 := math.Sin(x[1])
	x3 := x[2] * x[2]
	return s1 + a*s2*s2 + b*x3*x3*s1
}

// IshigamiIndices returns the analytic first-order and total Sobol indices of
// [Ishigami] with inputs uniform on [-π, π]. With
//
//	V   = a²/8 + b π⁴/5 + b² π⁸/18 + 1/2
//	V1  = (1 + b π⁴/5)² / 2
//	V2  = a²/8
//	V13 = b² π⁸ (1/18 - 1/50)
//
// the first-order indices are V1/V, V2/V and 0, and the total indices are
// (V1+V13)/V, V2/V and V13/V. For a = 7 and b = 0.1 these are about
// 0.3139, 0.4424, 0 and 0.5576, 0.4424, 0.2437.
func IshigamiIndices(a, b float64) (first, total [3]float64) {
	pi4 := math.Pow(math.Pi, 4)
	pi8 := pi4 * pi4
	v1 := 0.5 * (1 + b*pi4/5) * (1 + b*pi4/5)
	v2 := a * a / 8
	v13 := b * b * pi8 * (1.0/18 - 1.0/50)
	v := a*a/8 + b*pi4/5 + b*b*pi8/18 + 0.5
	first = [3]float64{v1 / v, v2 / v, 0}
	total = [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
	return first, total
}
