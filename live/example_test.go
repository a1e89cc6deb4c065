package live_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/brainsim/brainsim/live"
)

// A server refuses a setting out of range with a message that names the
// lever and its range.
func ExampleNewServer() {
	srv := live.NewServer(live.Config{MaxRuns: 30})
	defer srv.Close()
	hs := httptest.NewServer(srv)
	defer hs.Close()

	resp, err := http.Post(hs.URL+"/api/runs", "application/json",
		strings.NewReader(`{"preset": "baseline", "levers": {"top_up": 140}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status)
	fmt.Print(string(body))
	// Output:
	// 400 Bad Request
	// {"error":"invalid settings: Salary top-up (top_up) = 140%: must be between 0% and 100%","problems":["Salary top-up (top_up) = 140%: must be between 0% and 100%"]}
}
