"""Days and times in Beijing: trading and working days (`trading`), whether a desk is staffed at
an instant (`staffing`), and dates and times as people type them (`typed`)."""
