# SPDX-License-Identifier: GPL-2.0-or-later
# launch/embed_profile.py IN OUT: writes launch/seccomp_default.json into a
# C++ file as default_seccomp_profile()'s text (a build step; the JSON is
# data, containers-common's, and stays a file of its own), and its SHA-256
# as default_seccomp_profile_digest(), which names its compiled program.
import hashlib
import sys

text = open(sys.argv[1], encoding="utf-8").read()
if ')profile"' in text:
    sys.exit("the profile holds the raw string's end marker")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write('// Generated from launch/seccomp_default.json by launch/embed_profile.py.\n')
    out.write('#include "launch/seccomp_profile.h"\n\nnamespace launch {\n\n')
    out.write('std::string_view default_seccomp_profile() {\n')
    out.write('  static constexpr char kProfile[] = R"profile(' + text + ')profile";\n')
    out.write('  return {kProfile, sizeof kProfile - 1};\n}\n\n')
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    out.write('std::string_view default_seccomp_profile_digest() { return "' + digest + '"; }\n\n')
    out.write('}  // namespace launch\n')
