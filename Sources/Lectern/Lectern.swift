// Lectern
