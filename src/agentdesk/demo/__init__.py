"""``agentdesk demo``: the real desktop on a throwaway folder, with mail servers on loopback inside the process
and an invented, bilingual contact center whose customers keep writing."""
