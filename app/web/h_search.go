package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/search"
)

// apiSearch answers GET /api/v1/search?q=…: one page of the records the
// caller may see that contain q.
func (s *Server) apiSearch(c echo.Context) error {
	p, err := pageReq(c)
	if err != nil {
		return err
	}
	res, err := s.Search.Search(c.Request().Context(), actor(c), c.QueryParam("q"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

// searchView is the search page: the query, its hits and the next page.
type searchView struct {
	Q        string
	Searched bool
	Hits     []searchHit
	NextLink string
}

// searchHit is a hit with its snippet cut around the match, so the page
// can mark it (the parts are escaped by the template like any text).
type searchHit struct {
	search.Hit
	Before, Match, After string
}

// searchPage shows the search box and, with q, the hits. Without q it is
// just the box; a query the API would refuse re-renders with 422.
func (s *Server) searchPage(c echo.Context) error {
	q := c.QueryParam("q")
	v := searchView{Q: q}
	if q == "" {
		return s.render(c, http.StatusOK, "search", s.page(c, "search", "search.title", v))
	}
	p, err := pageReq(c)
	if err != nil {
		return err
	}
	res, err := s.Search.Search(c.Request().Context(), actor(c), q, p)
	if err != nil {
		pg := s.page(c, "search", "search.title", v)
		s.formErrors(pg, err)
		return s.render(c, statusFor(err), "search", pg)
	}
	v.Searched = true
	for _, h := range res.Items {
		sh := searchHit{Hit: h, Before: h.Snippet}
		if m := h.Mark; m[0] >= 0 && m[1] <= len(h.Snippet) {
			sh.Before, sh.Match, sh.After = h.Snippet[:m[0]], h.Snippet[m[0]:m[1]], h.Snippet[m[1]:]
		}
		v.Hits = append(v.Hits, sh)
	}
	if res.NextCursor != "" {
		qs := c.QueryParams()
		qs.Set("cursor", res.NextCursor)
		v.NextLink = "/search?" + qs.Encode()
	}
	return s.render(c, http.StatusOK, "search", s.page(c, "search", "search.title", v))
}
