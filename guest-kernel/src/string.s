# string.s — the kernel's copy of the string helpers (string.inc): kmemset,
# kmemcpy, kstrlen, kstrcmp, kstrncpy0.

.include "string.inc"

.text
STRING_FUNCTIONS k
