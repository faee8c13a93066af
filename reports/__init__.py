"""ReportLab printouts: pure builders, data in and PDF out. No Qt here."""
