"""The Newsletter issues tab: publications, issues, articles, the branches' local news, labels and mailing lists."""
