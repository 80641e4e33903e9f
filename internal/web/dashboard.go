package web

// dashboardRoutes: Dashboards against the targets, with drill-down to the records.
func (s *Server) dashboardRoutes() []route {
	return nil
}
