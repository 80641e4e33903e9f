package web

// obstacleRoutes lists the routes of the obstacle log.
func (s *Server) obstacleRoutes() []route {
	return nil
}
