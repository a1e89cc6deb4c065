package output

// maxNameBytes bounds SafeName's result, well under the 255 bytes a file
// name may have on common file systems.
const maxNameBytes = 100

// SafeName returns name as a safe folder name, for a default output path
// such as out/NAME: ASCII letters, digits, '-', '_' and '.' are kept,
// except a leading '.', and every other byte becomes '_', so the result
// has no path separator, is neither "." nor ".." and is not hidden. It is
// at most 100 bytes long; "" becomes "_".
func SafeName(name string) string {
	if name == "" {
		return "_"
	}
	b := []byte(name[:min(len(name), maxNameBytes)])
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' && i > 0
		if !ok {
			b[i] = '_'
		}
	}
	return string(b)
}
