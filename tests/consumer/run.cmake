# Installs scrutineer into a staging prefix and builds a separate project that
# uses it through find_package(scrutineer), as a downstream user would.
set(stage ${BINARY_DIR}/consumer-stage)
set(build ${BINARY_DIR}/consumer-build)
file(REMOVE_RECURSE ${stage} ${build})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${stage} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed")
endif()
set(extra "")
if(CONSUMER_SANITIZE)
  # the library was built with sanitizers, so its consumer must link their runtimes
  # (and compile with them: ASan lays out stack frames differently, and 32-byte
  # aligned group elements must be created by code built the same way)
  set(extra -DCMAKE_EXE_LINKER_FLAGS=-fsanitize=address,undefined
            "-DCMAKE_CXX_FLAGS=-fsanitize=address,undefined -fno-omit-frame-pointer")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${build} -DCMAKE_PREFIX_PATH=${stage} ${extra}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer configure failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${build} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer build failed")
endif()
execute_process(COMMAND ${build}/consumer RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer run failed")
endif()
