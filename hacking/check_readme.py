"""`make docs-lint`: README.md works where Galaxy and Automation Hub render it (issue #20).

There a relative link resolves against the hub's page, not the repository, so every link must be absolute or an
anchor of the README itself; a link into this repository must name a file or directory that exists here (so that the
absolute links do not rot when files move); and the sections Hub readers look for must be there."""

import os
import re
import sys

REPO = "https://github.com/spectrocloud/ansible-collection-palette/"
SECTIONS = ("Description", "Requirements", "Installation", "Use cases", "Testing", "Support",
            "Release notes and roadmap", "Related information", "License Information")


def main(root):
    text = open(os.path.join(root, "README.md"), encoding="utf-8").read()
    problems = []
    headings = re.findall(r"^#{2,3} (.+)$", text, re.M)
    problems += ["missing section: ## %s" % name for name in SECTIONS if name not in headings]
    anchors = {re.sub(r"[^a-z0-9 -]", "", h.lower()).replace(" ", "-") for h in headings}
    for url in re.findall(r"\]\(([^)\s]+)\)", text):
        if url.startswith("#"):
            if url[1:] not in anchors:
                problems.append("link to a heading that does not exist: %s" % url)
        elif url.startswith(REPO):
            path = re.sub(r"^(blob|tree)/main/", "", url[len(REPO):]).split("#")[0]
            if path not in ("issues", "") and not os.path.exists(os.path.join(root, path)):
                problems.append("link to a repository path that does not exist: %s" % url)
        elif not re.match(r"https?://", url):
            problems.append("relative link (breaks on Galaxy/Hub): %s" % url)
    for problem in problems:
        print("README.md: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
