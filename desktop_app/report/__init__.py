"""Reports for people outside the app: one contact's record as a PDF (issue 14). contact.py is Qt-free; pdf.py uses
QtGui's PDF writer (no widgets), so the command line can make the same PDF as the window."""
