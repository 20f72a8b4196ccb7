"""File formats written for other programs: CSV and Markdown tables (`tables`), vCard 3.0
(`vcard`), iCalendar (`ics`), and the CSV cell guard (`csvsafe`)."""
