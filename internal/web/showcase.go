package web

// showcaseRoutes: The public showcase of model organisations run by women.
func (s *Server) showcaseRoutes() []route {
	return nil
}
