"""The documents the service makes from a review's data: the report (its content, HTML, PDF and
Word version), the key findings handout, the timetable, the action plan, the national overview,
the self-assessment as a document and a workbook, and the CSV and spreadsheet files."""
