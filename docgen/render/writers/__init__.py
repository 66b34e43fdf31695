"""The writers, one package per format: html (HTML templates, made into PDF by WeasyPrint, and web pages) and docx (python-docx). They draw blocks; they never ask which question type they hold."""
