// placeholder, filled after measurement
#include <gtest/gtest.h>
