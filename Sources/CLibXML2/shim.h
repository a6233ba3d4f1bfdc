/* libxml2 for Swift. Debian builds libxml2 with ICU; its headers would then pull in ICU's,
   which clash with Foundation's own ICU module, and Podium needs none of that: drop the flag. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global function pointer, which Swift 6 sees as shared mutable state. */
static inline void podium_xmlFree(void *p) { xmlFree(p); }
