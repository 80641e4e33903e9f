package web

// activityRoutes lists the routes of support activities.
func (s *Server) activityRoutes() []route {
	return nil
}
