package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"liaison/app/meeting"
)

// The meeting templates' JSON API (meeting.Service templates.go); the
// pages are in h_meeting_templates_pages.go.

func (s *Server) meetingTemplateRoutes(g routeGroups) {
	api := g.api
	api.GET("/meeting-templates", s.apiTemplateList)
	api.POST("/meeting-templates", s.apiTemplateCreate)
	api.GET("/meeting-templates/:id", s.apiTemplateGet)
	api.PATCH("/meeting-templates/:id", s.apiTemplateUpdate)
	p := g.pages
	p.GET("/meetings/templates", s.templatesPage)
	p.GET("/meetings/templates/new", s.templatePageNew)
	p.POST("/meetings/templates", s.templatePageCreate)
	p.GET("/meetings/templates/:id", s.templatePageEdit)
	p.POST("/meetings/templates/:id", s.templatePageUpdate)
	p.POST("/meetings/templates/:id/retire", s.templatePageRetire)
}

// templateFilter reads ?kind=&status=active and the page.
func templateFilter(c echo.Context) (meeting.TemplateFilter, error) {
	pr, err := pageReq(c)
	return meeting.TemplateFilter{Kind: meeting.Kind(c.QueryParam("kind")), ActiveOnly: c.QueryParam("status") == meeting.TemplateActive, Page: pr}, err
}

func (s *Server) apiTemplateList(c echo.Context) error {
	f, err := templateFilter(c)
	if err != nil {
		return err
	}
	p, err := s.Meetings.Templates(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, p)
}

func (s *Server) apiTemplateGet(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := s.Meetings.Template(c.Request().Context(), actor(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}

func (s *Server) apiTemplateCreate(c echo.Context) error {
	var in meeting.TemplateInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	t, err := s.Meetings.CreateTemplate(c.Request().Context(), actor(c), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, t)
}

func (s *Server) apiTemplateUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in meeting.TemplatePatch
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	t, err := s.Meetings.UpdateTemplate(c.Request().Context(), actor(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, t)
}
