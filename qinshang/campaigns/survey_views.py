"""Staff pages of a campaign's opinion survey: distributing, chasing and typing in returns."""
