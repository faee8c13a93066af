"""The member paper and member letters: publications, issues, articles, branch news, distribution, labels."""
