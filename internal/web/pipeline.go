package web

// pipelineRoutes lists the routes of the founding pipeline.
func (s *Server) pipelineRoutes() []route {
	return nil
}
