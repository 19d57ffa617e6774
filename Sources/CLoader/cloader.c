#include "cloader.h"

#include <dlfcn.h>
#include <stdio.h>

static void load(ah_library *library) {
    library->handle = dlopen(library->file, RTLD_LAZY | RTLD_LOCAL);
    if (!library->handle) {
        snprintf(library->error, sizeof library->error, "cannot load %s: %s", library->file, dlerror());
        return;
    }
    // dlsym on a library's handle also searches its dependencies (GIO's: GLib, GObject).
    for (size_t i = 0; i < library->count; i++) {
        if (!(*library->symbols[i].target = dlsym(library->handle, library->symbols[i].name))) {
            snprintf(library->error, sizeof library->error, "%s lacks %s", library->file, library->symbols[i].name);
            return;
        }
    }
}

int ah_library_load(ah_library *library, char *message, size_t message_size) {
    pthread_mutex_lock(&library->lock);
    if (!library->tried) {
        library->tried = 1;
        load(library);
    }
    pthread_mutex_unlock(&library->lock);
    if (library->error[0] == '\0') return 0;
    if (message && message_size > 0) snprintf(message, message_size, "%s", library->error);
    return -1;
}
