/* libsecp256k1's tests, as a miniature: Core's make check runs them; a subpackage option meant
 * for libmemusage must never switch them off. */
#include <stdio.h>
#include "../include/secp256k1.h"
int main(void)
{
    printf("secp256k1 miniature: tests ran\n");
    return secp256k1_miniature() == 1 ? 0 : 1;
}
