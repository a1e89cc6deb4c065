package sim

import "slices"

// lottery picks k of the n candidates 0..n-1 uniformly at random without
// replacement, by a partial Fisher-Yates shuffle driven by st, and returns
// them in increasing order in buf (reused). When k >= n every candidate wins;
// when k <= 0 none does. The result depends only on n, k and the stream, so
// a seeded stream gives the same winners every time.
func lottery(n, k int, st *stream, buf []int) []int {
	buf = buf[:0]
	if k <= 0 || n <= 0 {
		return buf
	}
	for i := range n {
		buf = append(buf, i)
	}
	if k >= n {
		return buf
	}
	for i := range k {
		j := i + st.intn(n-i)
		buf[i], buf[j] = buf[j], buf[i]
	}
	buf = buf[:k]
	slices.Sort(buf)
	return buf
}
