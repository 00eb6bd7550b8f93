"""IMI kernel library: what every service needs, written once."""
