package web

// reportRoutes: Periodic reports: the calendar, provincial reports as a conversation, the national report, documents.
func (s *Server) reportRoutes() []route {
	return nil
}
