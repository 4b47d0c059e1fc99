#include <cblas.h>
#include <lapacke.h>

/* OpenBLAS's own fork handler: stops the pool threads; a later threaded call starts them again. */
int blas_thread_shutdown_(void);
