"""The Calling tab: campaigns, their queue, callers, printed call sheets, entry of outcomes and progress."""
