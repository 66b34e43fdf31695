"""python-docx helpers and the Word worksheet builder."""
