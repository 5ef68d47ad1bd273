#include <cblas.h>

/* OpenBLAS's own controls. Debian's cblas.h declares them when the OpenBLAS alternative
   provides it; declared again here (identically) so the engine does not depend on which
   cblas.h the alternatives system selected. */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
