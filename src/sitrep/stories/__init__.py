"""Stories: articles grouped by the story they report; events merged across reports; outlets side by side."""
