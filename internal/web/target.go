package web

// targetRoutes lists the routes of targets and allocations.
func (s *Server) targetRoutes() []route {
	return nil
}
