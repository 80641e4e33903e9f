package web

// planRoutes lists the routes of plans and tasks.
func (s *Server) planRoutes() []route {
	return nil
}
